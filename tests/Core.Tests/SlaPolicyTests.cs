using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Sla;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>Deadlines from each channel's target: wall time for a chat, the agents' working time for a call-back.</summary>
public sealed class SlaPolicyTests
{
    private static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);
    private static readonly SlaPolicy Policy = new(new SlaOptions(), AgentHours.Default(new FakeTimeProvider()));

    private static Escalation Ticket(string channel, DateTimeOffset at) =>
        new() { Reference = "HK000001", Channel = channel, Language = "en", Reason = "handoff", CreatedAt = at };

    [Theory]
    // Within the hours: 4 hours later the same day.
    [InlineData("2031-07-14T09:00", "2031-07-14T13:00")]
    // Late on a Friday: 1 hour on Friday, 3 on Monday.
    [InlineData("2031-07-18T16:00", "2031-07-21T11:00")]
    // Before opening: counted from 08:00.
    [InlineData("2031-07-15T06:30", "2031-07-15T12:00")]
    // On a Saturday night: from Monday 08:00.
    [InlineData("2031-07-19T22:00", "2031-07-21T12:00")]
    // Exactly at closing: all of it the next working day.
    [InlineData("2031-07-14T17:00", "2031-07-15T12:00")]
    public void A_call_back_is_due_within_four_working_hours_Monday_to_Friday_8_to_17_Nairobi(string created, string due)
    {
        var at = new DateTimeOffset(DateTime.Parse(created), Nairobi);
        Assert.Equal(new DateTimeOffset(DateTime.Parse(due), Nairobi), Policy.DeadlineFor(Ticket("ussd", at)));
    }

    [Fact]
    public void A_chat_is_due_two_minutes_later_whatever_the_hour_and_a_channel_without_a_target_has_no_deadline()
    {
        var sundayNight = new DateTimeOffset(2031, 7, 20, 23, 59, 0, Nairobi);
        Assert.Equal(sundayNight.AddMinutes(2), Policy.DeadlineFor(Ticket("chat", sundayNight)));
        Assert.Null(Policy.DeadlineFor(Ticket("fax", sundayNight)));
    }

    [Theory]
    [InlineData("00:00:05", "Sla:Channels:chat:Within is 00:00:10 to 7.00:00:00")]
    [InlineData("8.00:00:00", "Sla:Channels:chat:Within is 00:00:10 to 7.00:00:00")]
    public void A_target_out_of_range_is_refused_with_its_key(string within, string problem)
    {
        var options = new SlaOptions();
        options.Channels["chat"].Within = TimeSpan.Parse(within);
        Assert.StartsWith(problem, options.Problem());
        Assert.Null(new SlaOptions().Problem());
    }
}
