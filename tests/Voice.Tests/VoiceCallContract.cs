using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Huduma.Contact.Voice.Tests.SpokenAnswer;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// The calls of <see cref="VoiceCallTable"/>, written once and run for each provider: its webhook's form
/// post goes to its endpoint handler (no host, no HTTP server), the XML that comes back is read as the
/// caller hears it, and the stored call and the escalation store are checked.
/// </summary>
public abstract partial class VoiceCallContract : IDisposable
{
    private protected VoiceHarness H { get; } = new();
    protected abstract string Provider { get; }
    protected abstract string NewCallId();

    /// <summary>The provider's callback while the call is live: the first (no keys yet), or the keys pressed.</summary>
    protected abstract Task<XElement> CallbackAsync(string callId, string caller, string? keys);

    /// <summary>The answer's verbs do what the table expects, as this provider writes them.</summary>
    protected abstract void AssertHeard(XElement answer, Heard next);

    [GeneratedRegex(@"^[0-9*#]+$")]
    private static partial Regex Keys();

    /// <summary>Plays a call's steps (after its first callback) and returns the last answer.</summary>
    protected async Task<XElement> CallAsync(string callId, string caller, params string[] steps)
    {
        var answer = await CallbackAsync(callId, caller, null);
        foreach (var step in steps) answer = await CallbackAsync(callId, caller, Keys().IsMatch(step) ? step : KeyFor(answer, step));
        return answer;
    }

    [Theory]
    [MemberData(nameof(VoiceCallTable.Names), MemberType = typeof(VoiceCallTable))]
    public async Task A_call_is_answered_and_stored_as_the_table_says(string name)
    {
        var expected = VoiceCallTable.Cases[name];
        if (!expected.AgentsIn) H.Clock.SetUtcNow(VoiceHarness.AgentsOut);
        var callId = NewCallId();

        var answer = await CallAsync(callId, expected.Caller, expected.Steps);

        AssertHeard(answer, expected.Next);
        var said = Said(answer);
        foreach (var words in expected.Says) Assert.Contains(words, said);
        foreach (var words in expected.NeverSays ?? []) Assert.DoesNotContain(words, said);

        var stored = await H.Dialog.FindAsync(Provider, callId);
        Assert.NotNull(stored);
        Assert.Equal((Provider, expected.Caller), (stored.Provider, stored.Msisdn));
        if (expected.Node is not null) Assert.Equal(expected.Node, stored.State.Node);
        var tickets = await H.Core.Escalations.ListOpenAsync();
        if (expected.Ticket is null)
        {
            Assert.Empty(tickets);
            Assert.Null(stored.Ticket);
        }
        else
        {
            var ticket = Assert.Single(tickets);
            Assert.Equal((VoiceDialog.Channel, expected.Caller, expected.Ticket), (ticket.Channel, ticket.Msisdn, ticket.Reason));
            Assert.Equal(ticket.Reference, stored.Ticket);
        }
        Assert.Equal(1, await H.CallsStartedTodayAsync()); // one call, however many callbacks
    }

    [Fact]
    public async Task Silence_is_met_with_a_hint_and_the_prompt_again()
    {
        var callId = NewCallId();
        var home = await CallAsync(callId, "+254733000111", "English", "*");
        var again = await SilenceAsync(callId, "+254733000111");
        Assert.Equal($"{Prompt(VoicePrompts.NoInput)} {Said(home)}", Said(again));
        Assert.Equal(1, (await H.Dialog.FindAsync(Provider, callId))!.Silences);
    }

    /// <summary>What the provider sends when no key came before the timeout (it follows our Redirect).</summary>
    protected abstract Task<XElement> SilenceAsync(string callId, string caller);

    protected static string Prompt(string key) => TestSupport.ShippedContent.Load().Prompt(key, Core.Content.Language.En);

    public void Dispose() => H.Dispose();
}
