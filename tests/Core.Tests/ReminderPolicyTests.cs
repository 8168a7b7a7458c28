using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Tests;

public sealed class ReminderPolicyTests
{
    private readonly ReminderPolicy _policy = new(new ReminderOptions());
    private static readonly TimeSpan Eat = TimeSpan.FromHours(3);
    private static DateTimeOffset Nairobi(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Eat);

    [Theory]
    [InlineData(19, 59, false)]
    [InlineData(20, 0, true)]
    [InlineData(23, 30, true)]
    [InlineData(0, 0, true)]
    [InlineData(7, 59, true)]
    [InlineData(8, 0, false)]
    [InlineData(12, 0, false)]
    public void Quiet_hours_are_20_00_to_08_00_Nairobi_time(int hour, int minute, bool quiet) =>
        Assert.Equal(quiet, _policy.IsQuiet(Nairobi(27, hour, minute)));

    [Fact]
    public void A_time_in_the_quiet_hours_moves_to_08_00_whichever_side_of_midnight()
    {
        Assert.Equal(Nairobi(28, 8, 0), _policy.NextAllowed(Nairobi(27, 20, 0)));
        Assert.Equal(Nairobi(28, 8, 0), _policy.NextAllowed(Nairobi(27, 23, 59)));
        Assert.Equal(Nairobi(27, 8, 0), _policy.NextAllowed(Nairobi(27, 7, 59)));
        Assert.Equal(Nairobi(27, 19, 59), _policy.NextAllowed(Nairobi(27, 19, 59)));
        // The same instant given in UTC: 17:00Z is 20:00 in Nairobi.
        Assert.Equal(Nairobi(28, 8, 0), _policy.NextAllowed(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_schedule_is_0_7_30_and_60_days_after_ready_and_then_stops()
    {
        var ready = Nairobi(2, 10, 0);
        Assert.Equal([ready, ready.AddDays(7), ready.AddDays(30), ready.AddDays(60)],
            Enumerable.Range(0, 4).Select(n => _policy.DueAt(ready, n)!.Value));
        Assert.Null(_policy.DueAt(ready, 4));
        Assert.Equal(ready.AddDays(7), _policy.NextAfter(ready, 0));
        Assert.Equal(ready.AddDays(23), _policy.NextAfter(ready, 1));
        Assert.Null(_policy.NextAfter(ready, 3));
        // Ready in the evening: the first reminder waits for the morning.
        Assert.Equal(Nairobi(3, 8, 0), _policy.DueAt(Nairobi(2, 21, 15), 0));
    }

    [Fact]
    public void The_limit_and_schedule_are_configurable_and_bad_values_are_refused_by_name()
    {
        var two = new ReminderPolicy(new ReminderOptions { Schedule = "0, 3, 10", MaxPerDocument = 2, QuietHours = "21:30-06:00" });
        Assert.Equal(2, two.Count);
        Assert.Null(two.NextAfter(Nairobi(2, 10, 0), 1));
        Assert.True(two.IsQuiet(Nairobi(2, 21, 30)));
        Assert.False(two.IsQuiet(Nairobi(2, 21, 29)));
        Assert.Contains("QuietHours", Assert.Throws<ArgumentException>(() => new ReminderPolicy(new ReminderOptions { QuietHours = "8pm-8am" })).Message);
        Assert.Contains("Schedule", Assert.Throws<ArgumentException>(() => new ReminderPolicy(new ReminderOptions { Schedule = "7, 0" })).Message);
        Assert.Contains("MaxPerDocument", Assert.Throws<ArgumentException>(() => new ReminderPolicy(new ReminderOptions { MaxPerDocument = 0 })).Message);
    }
}
