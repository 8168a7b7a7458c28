using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.TestSupport;
using static Huduma.Contact.Voice.Tests.SpokenAnswer;

namespace Huduma.Contact.Voice.Tests;

/// <summary>What the call's last answer does next, as each provider writes it (AT / Twilio).</summary>
public enum Heard
{
    /// <summary>Waits for one key: &lt;GetDigits numDigits="1"&gt; / &lt;Gather numDigits="1"&gt;.</summary>
    Key,
    /// <summary>Waits for a number ended with #: finishOnKey="#".</summary>
    Number,
    /// <summary>Goes to an agent: &lt;Dial&gt; the agents' numbers / &lt;Enqueue&gt; in the agents' queue.</summary>
    Transfer,
    /// <summary>Ends the call: &lt;Say&gt; alone / &lt;Hangup/&gt;.</summary>
    Goodbye,
}

/// <summary>
/// One call, as a caller makes it: the keys pressed after the first callback (a step is either keys, or the
/// label of a choice — its key is then the one the previous answer read out for it), whether agents are in,
/// and what the last answer must be: what it does next, what it says (from content), what it must not
/// say, the node the stored call stands at, and the ticket the call made.
/// </summary>
public sealed record VoiceCallCase(string Caller, string[] Steps, Heard Next, string[] Says, string[]? NeverSays = null,
    string? Node = null, string? Ticket = null, bool AgentsIn = true);

/// <summary>The table both providers' tests run: the same calls must sound the same over AT and Twilio.</summary>
public static class VoiceCallTable
{
    private static ContentBundle Content => ShippedContent.Load();
    private static string Holder => EngineHarness.ReadyId.Phones[0];
    private const string Stranger = "+254733000999";
    private static readonly string Number = EngineHarness.ReadyId.Number;
    private static string Node(string id, Language language = Language.En) => Content.Nodes[id].Text![language];
    private static string Prompt(string key, Language language = Language.En) => Content.Prompt(key, language);
    private static string Option(string label, int key, Language language = Language.En) =>
        Content.Prompt(VoicePrompts.Option, language, ("label", label), ("key", key.ToString()));
    private static readonly string[] ToStatus = ["English", "Document status", "National ID", Number, "1"];

    public static readonly IReadOnlyDictionary<string, VoiceCallCase> Cases = new Dictionary<string, VoiceCallCase>
    {
        ["the first callback answers the language menu"] = new(Holder, [], Heard.Key,
            [Prompt(VoicePrompts.Language)], Node: MenuNodes.Language),
        ["english leads to the home menu read out with its keys"] = new(Holder, ["English"], Heard.Key,
            [Node(MenuNodes.Home), Option("Document status", 1), Prompt(VoicePrompts.Navigation)], Node: MenuNodes.Home),
        ["kiswahili leads to the home menu in kiswahili"] = new(Holder, ["Kiswahili"], Heard.Key,
            [Node(MenuNodes.Home, Language.Sw), Option("Hali ya hati yangu", 1, Language.Sw), Prompt(VoicePrompts.Navigation, Language.Sw)],
            NeverSays: [Node(MenuNodes.Home)], Node: MenuNodes.Home),
        ["a document number is asked for with the hash key"] = new(Holder, ["English", "Document status", "National ID"], Heard.Number,
            [Node("status.number").Replace("{documentType}", Content.DisplayName("documents", "national_id", Language.En)), Prompt(VoicePrompts.EnterHash)],
            Node: "status.number"),
        ["the typed number is read back a digit at a time"] = new(Holder, ["English", "Document status", "National ID", Number], Heard.Key,
            [Content.Prompt(VoicePrompts.ReadBack, Language.En, ("digits", Spoken.Characters(Number)))], Node: "status.number"),
        ["the holders phone hears the status of the document"] = new(Holder, ToStatus, Heard.Key,
            [EngineHarness.ReadyId.HolderName, Literal("status.ready"), Spoken.Characters(Number)], Node: "status.number"),
        ["another phone is asked for the waiting card and hears no status"] = new(Stranger, ToStatus, Heard.Number,
            [Node("status.reference")], NeverSays: [EngineHarness.ReadyId.HolderName, Literal("status.ready")], Node: "status.reference"),
        ["a wrong digit says so and repeats the menu"] = new(Holder, ["English", "7"], Heard.Key,
            [Prompt(PromptKeys.ErrorChoice), Node(MenuNodes.Home), Option("Document status", 1)], Node: MenuNodes.Home),
        ["star repeats the menu"] = new(Holder, ["English", "*"], Heard.Key,
            [Node(MenuNodes.Home), Option("Document status", 1)], NeverSays: [Prompt(PromptKeys.ErrorChoice)], Node: MenuNodes.Home),
        ["zero in agents hours goes to an agent with a ticket"] = new(Holder, ["English", "Document status", "0"], Heard.Transfer,
            [Literal(VoicePrompts.Transfer)], Node: "status.type", Ticket: "voice-agent"),
        ["zero out of hours offers a call back"] = new(Holder, ["English", "0"], Heard.Key,
            [Prompt(VoicePrompts.Closed)], Node: MenuNodes.Home, AgentsIn: false),
        ["the call back accepted out of hours makes a ticket and says goodbye"] = new(Holder, ["English", "0", "1"], Heard.Goodbye,
            [Literal(PromptKeys.CallbackDone), Prompt(VoicePrompts.Goodbye)], Ticket: EscalationReasons.Callback, AgentsIn: false),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);
}
