using System.Text.RegularExpressions;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// One chat, as a citizen types it (the first message may come from a page that set its language, as our
/// widget's data-lang does), and what the bot's last message must be: the words (from content), the
/// words it must not show, its locale, its buttons; the handoff event, if any; and what is stored — the
/// conversation's node and language, the ticket it made.
/// </summary>
public sealed record ChatCase(string[] Messages, string[] Says, string[]? NeverSays = null, string? Locale = null, string[]? Buttons = null,
    string? Node = null, string? Lang = null, string? Ticket = null, string? Event = null, string? PageLanguage = null);

/// <summary>The table both chat transports run (Direct Line 3.0 and the Bot Framework connector): the same chat must read the same.</summary>
public static class ChatTable
{
    private static ContentBundle Content => ShippedContent.Load();
    private static string Node(string id, Language language = Language.En) => Content.Nodes[id].Text![language];
    private static string Prompt(string key, Language language = Language.En) => Content.Prompt(key, language);
    private static string Faq(string id, Language language) => Content.Faqs.Single(f => f.Id == id).Answer![language];
    private static string[] Unconfirmed(string faq, Language language) =>
        Content.Faqs.Single(f => f.Id == faq).Verified ? [] : [Prompt(PromptKeys.Unconfirmed, language)];
    private static string Label(string node, int index, Language language = Language.En) => Content.Nodes[node].Options![index].Label![language];

    /// <summary>The longest part of a prompt without placeholders: what any filling of it says.</summary>
    private static string Literal(string key, Language language = Language.En) =>
        Regex.Split(Content.Prompts[key][language], @"\{[^}]+\}").Select(p => p.Trim()).MaxBy(p => p.Length)!;

    private static readonly string Id = EngineHarness.ReadyId.Number;
    private static readonly string[] English = ["hi", "English"];

    public static readonly IReadOnlyDictionary<string, ChatCase> Cases = new Dictionary<string, ChatCase>
    {
        ["a new conversation is asked its language"] = new(["hi"],
            [Node(MenuNodes.Language)], Locale: "en-KE", Buttons: ["English", "Kiswahili"], Node: MenuNodes.Language),
        ["a page set to kiswahili is greeted in kiswahili"] = new(["habari"],
            [Node(MenuNodes.Home, Language.Sw)], NeverSays: [Node(MenuNodes.Home)], Locale: "sw-KE",
            Buttons: [Label(MenuNodes.Home, 0, Language.Sw), Prompt(PromptKeys.ChatAgentButton, Language.Sw)],
            Node: MenuNodes.Home, Lang: "sw", PageLanguage: "sw"),
        ["a page set to english is greeted in english"] = new(["hello"],
            [Node(MenuNodes.Home)], Locale: "en-KE", Buttons: [Label(MenuNodes.Home, 0), Prompt(PromptKeys.ChatAgentButton)],
            Node: MenuNodes.Home, Lang: "en", PageLanguage: "en"),
        ["the language is chosen by typing its label"] = new(English,
            [Node(MenuNodes.Home)], Locale: "en-KE", Buttons: [Label(MenuNodes.Home, 0)], Node: MenuNodes.Home, Lang: "en"),
        ["a typed status question goes to the lookup which asks the anonymous web for the waiting card"] = new([.. English, $"status of my ID {Id}"],
            [Node("status.reference")], NeverSays: [EngineHarness.ReadyId.HolderName], Locale: "en-KE", Node: "status.reference"),
        ["the waiting card reference then answers the status question"] = new([.. English, $"status of my ID {Id}", EngineHarness.ReadyId.WaitingCardRef!],
            [EngineHarness.ReadyId.HolderName, Literal("status.ready"), Id], Locale: "en-KE"),
        // An answer the seeds do not confirm says so (DESIGN.md: never presented as official).
        ["free text at a menu is answered from the faqs"] = new([.. English, "what should I bring to collect my document?"],
            [Faq("what-to-bring", Language.En), .. Unconfirmed("what-to-bring", Language.En)], Buttons: [Label(MenuNodes.Home, 0)],
            Node: MenuNodes.Home),
        ["an unknown question is not guessed and a person is offered"] = new([.. English, "what is the price of maize in Eldoret"],
            [Prompt(PromptKeys.ChatNotUnderstood)], Buttons: [Prompt(PromptKeys.ChatAgentButton)], Node: MenuNodes.Home),
        // At home the menu's own call-back option is the agent button; deeper in, the fallback adds one.
        ["an unknown question deeper in the menus adds the button for a person"] = new([.. English, "Document status", "price of maize"],
            [Prompt(PromptKeys.ChatNotUnderstood), Node("status.type")], Buttons: ["National ID", Prompt(PromptKeys.ChatAgentButton)], Node: "status.type"),
        ["asking for a person hands the chat to an agent with a ticket"] = new([.. English, "talk to a person"],
            [Literal(PromptKeys.ChatHandoffWaiting)], Locale: "en-KE", Ticket: ChatHandoff.Reason, Event: "handoff.initiate"),
        ["a question in kiswahili is answered in kiswahili"] = new([.. English, "nitabadilishaje lugha"],
            [Faq("language", Language.Sw), .. Unconfirmed("language", Language.Sw)], NeverSays: [Faq("language", Language.En)]),
        ["a status question in kiswahili at the language menu goes on in kiswahili"] = new(["hi", $"kitambulisho changu {Id} kiko tayari?"],
            [Node("status.reference", Language.Sw)], Locale: "sw-KE", Node: "status.reference", Lang: "sw"),
        ["a person asked for in kiswahili is awaited in kiswahili"] = new(["hi", "Kiswahili", "ongea na mtu"],
            [Literal(PromptKeys.ChatHandoffWaiting, Language.Sw)], Locale: "sw-KE", Ticket: ChatHandoff.Reason, Event: "handoff.initiate"),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);
}
