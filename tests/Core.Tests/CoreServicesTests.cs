using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Core.Tests;

/// <summary>Core's registrations alone (AddHudumaCore, no channel): what every channel's turn needs is there.</summary>
public sealed class CoreServicesTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection().AddLogging().AddMetrics();   // as the host gives them
        services.AddSingleton(TimeProvider.System);
        services.AddHudumaCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Core_alone_resolves_the_conversation_engine_with_agents_hours()
    {
        using var provider = Build([]);
        Assert.NotNull(provider.GetRequiredService<Conversations.Conversations>());
        Assert.NotNull(provider.GetRequiredService<AgentHours>());
    }

    [Fact]
    public void Agents_hours_come_from_their_settings_and_a_bad_one_stops_start_up_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Build(new() { ["Voice:AgentHours"] = "17:00-08:00" }));
        Assert.Contains("Voice:AgentHours", error.Message);
    }
}
