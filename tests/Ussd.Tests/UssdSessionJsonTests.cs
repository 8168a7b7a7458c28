using System.Text.Json;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Ussd.Tests;

/// <summary>
/// This project runs with reflection-based JSON switched off (Ussd.Tests.csproj), so a session stored or
/// read any other way than through the generated session context would throw here.
/// </summary>
public sealed class UssdSessionJsonTests
{
    [Fact]
    public async Task A_whole_status_session_stores_its_session_and_language_without_reflection_based_json()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        var h = new EngineHarness();
        await h.Register.UpsertAsync(EngineHarness.ReadyId);
        var handler = new UssdHopHandler(h.Conversations(new DailyCounters(h.Store, TimeProvider.System)), new UssdOptions(), NullLogger<UssdHopHandler>.Instance);

        UssdResponse? last = null;
        foreach (var text in new[] { "", "1", "1*1", "1*1*1", "1*1*1*23456789" })
            last = await handler.HandleAsync(new UssdRequest("s1", "*384*1919#", "+254722000111", "63902", text));

        Assert.Contains("READY", last!.Screen);
        var session = await h.Store.GetAsync<UssdSession>(UssdHopHandler.PhoneKey("+254722000111"));
        Assert.Equal(("en", "1*1*1*23456789"), (session!.State.Lang, session.Consumed));
        Assert.Equal("23456789", session.State.Vars["documentNumber"]);
    }
}
