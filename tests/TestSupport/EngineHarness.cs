using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.TestSupport;

/// <summary>The engine on the shipped content with in-memory stores, for tests of dialogs.</summary>
internal sealed class EngineHarness
{
    public ContentBundle Content { get; } = ShippedContent.Load();
    public IStateStore Store { get; }
    public InMemoryDocumentRegister Register { get; } = new();
    public InMemoryEscalationStore Escalations { get; }
    public DialogEngine Engine { get; }
    public StatusLookup Lookup { get; }

    public EngineHarness(TimeProvider? clock = null, LookupRateLimitOptions? limits = null)
    {
        clock ??= TimeProvider.System;
        Store = new InMemoryStateStore(clock);
        Escalations = new InMemoryEscalationStore(clock);
        var profiles = new PhoneProfiles(Store);
        Lookup = new StatusLookup(Register, new LookupRateLimit(Store, clock, limits ?? new LookupRateLimitOptions()), Content);
        IDialogAction[] actions =
        [
            new SetLanguageAction(profiles, Content),
            new StatusLookupAction(Lookup, Content),
            new FindCentreAction(Content), new ServiceDetailAction(Content), new FaqAnswerAction(Content), new RequestCallbackAction(Escalations, Content),
        ];
        Engine = new DialogEngine(Content, actions, profiles);
    }

    /// <summary>Core's entry point of a turn on this harness's engine and stores (agents' hours: the shipped default on <paramref name="clock"/>).</summary>
    public Conversations Conversations(DailyCounters daily, TimeProvider? clock = null, IStateStore? store = null) =>
        new(Engine, store ?? Store, daily, Escalations, AgentHours.Default(clock ?? TimeProvider.System));

    public static readonly RegisteredDocument ReadyId = new()
    {
        Type = "national_id", Number = "23456789", HolderName = "Achieng Ouma", Phones = ["+254722000111"],
        CentreId = "nairobi-gpo", Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC555111",
        AppliedOn = new DateOnly(2026, 10, 1), ReadyOn = new DateOnly(2026, 11, 1),
    };

    /// <summary>A conversation that has chosen English and stands at the home menu.</summary>
    public async Task<ConversationState> AtHomeAsync(string? msisdn, Language language = Language.En)
    {
        if (msisdn is not null) await new PhoneProfiles(Store).SetLanguageAsync(msisdn, language);
        var (state, _) = await Engine.StartAsync(new Turn("test", Guid.NewGuid().ToString(), msisdn, null));
        state.Lang = language.Code();
        return state;
    }

    public Task<Reply> SendAsync(ConversationState state, string input, string? msisdn) =>
        Engine.HandleAsync(state, new Turn("test", "c1", msisdn, input));

    /// <summary>Sends each input in turn and returns the last reply.</summary>
    public async Task<Reply> SendAllAsync(ConversationState state, string? msisdn, params string[] inputs)
    {
        Reply? reply = null;
        foreach (var input in inputs) reply = await SendAsync(state, input, msisdn);
        return reply!;
    }

    /// <summary>The number of an option whose label contains the text.</summary>
    public static string Pick(Reply reply, string labelContains) =>
        reply.Options.First(o => o.Label.Contains(labelContains, StringComparison.OrdinalIgnoreCase)).Key;
}
