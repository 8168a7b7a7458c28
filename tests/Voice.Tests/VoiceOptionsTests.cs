using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Voice.Tests;

/// <summary>The voice channel's session lifetime comes from its validated options (Voice:CallLifetime), not a constant.</summary>
public sealed class VoiceOptionsTests
{
    [Fact]
    public async Task A_calls_session_is_kept_as_long_as_Voice_CallLifetime_says()
    {
        using var h = new VoiceHarness();
        var store = new LifetimeRecordingStateStore(h.Core.Store);
        var options = new VoiceOptions { CallLifetime = TimeSpan.FromHours(3) };
        var dialog = new VoiceDialog(new Conversations(h.Core.Engine, store, h.Daily, h.Core.Escalations, new AgentHoursOptions().Build(h.Clock)),
            options, h.Clock, NullLogger<VoiceDialog>.Instance);
        await dialog.AnswerAsync("twilio", "CA-lifetime", "+254722000111", null, canTransfer: true);
        Assert.Equal(TimeSpan.FromHours(3), store.LifetimeOf(VoiceDialog.Key("twilio", "CA-lifetime")));
    }

    [Fact]
    public void The_default_is_two_hours() => Assert.Equal(TimeSpan.FromHours(2), new VoiceOptions().CallLifetime);

    [Theory]
    [InlineData("00:05:00")]
    [InlineData("2.00:00:00")]
    public void A_call_lifetime_out_of_range_stops_start_up_with_its_name(string lifetime)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Voice:CallLifetime"] = lifetime }).Build();
        using var provider = new ServiceCollection().AddVoice(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VoiceOptions>>().Value);
        Assert.Contains("Voice:CallLifetime", error.Message);
    }
}
