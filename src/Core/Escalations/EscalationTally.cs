using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// What a ticket's creation or change adds to the day's counters, defined once for both stores: each
/// store adds it in the same step that makes the change (Redis: in the compare-and-set script), so a
/// change counts exactly when it lands — a resolve retried after a lost reply finds the ticket already
/// resolved and counts nothing. Counters live per Nairobi day: opening counts on the day the ticket was
/// made; resolving, and a later rating, on the day it was resolved (the supervisors' "today" is the
/// tickets resolved today and what they were rated). Beside each channel's fields, the agent who resolved a
/// ticket gets its handled count, handling time (claim to resolve) and rating ("handled@amina"): counted from
/// the version that added them, so days before it have no per-agent figures.
/// </summary>
internal static class EscalationTally
{
    public const string Opened = "opened";
    public const string Handled = "handled";
    public const string Withdrawn = "withdrawn";
    public const string WaitTicks = "wait-ticks";
    public const string HandleTicks = "handle-ticks";
    public const string Rated = "rated";
    public const string RatingSum = "rating-sum";
    public static string RatedScore(int score) => $"rated-{score}";

    /// <summary>A field of a day's counters: the figure, then the channel ("handled:sms").</summary>
    public static string Field(string figure, string channel) => figure + ":" + channel;

    /// <summary>A per-agent field of a day's counters: the figure, then the agent ("handled@amina"); channels' fields hold no '@'.</summary>
    public static string AgentField(string figure, string agent) => figure + "@" + agent;

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(DailyCounters.Nairobi).DateTime);

    /// <summary>The day and the fields to add to for <paramref name="before"/> becoming <paramref name="after"/> (null: made now); none for other changes.</summary>
    public static (DateOnly Day, IReadOnlyList<(string Field, long By)> Adds)? Of(Escalation? before, Escalation after)
    {
        var channel = after.Channel;
        if (before is null) return (DayOf(after.CreatedAt), [(Field(Opened, channel), 1)]);
        if (after is not { Status: EscalationStatus.Resolved, ResolvedAt: { } resolvedAt }) return null;
        var adds = new List<(string, long)>();
        if (before.Status != EscalationStatus.Resolved)
        {
            // As the dashboard always counted: handled when an agent had it, else withdrawn by the citizen.
            if (after.Resolution != EscalationDesk.CitizenLeft && after.ClaimedAt is { } claimedAt)
            {
                adds.AddRange([(Field(Handled, channel), 1), (Field(WaitTicks, channel), (claimedAt - after.CreatedAt).Ticks),
                    (Field(HandleTicks, channel), (resolvedAt - claimedAt).Ticks)]);
                if (after.Agent is { } agent) adds.AddRange([(AgentField(Handled, agent), 1), (AgentField(HandleTicks, agent), (resolvedAt - claimedAt).Ticks)]);
            }
            else adds.Add((Field(Withdrawn, channel), 1));
        }
        if (after.Rating is { } rating && (before.Rating is null || before.Status != EscalationStatus.Resolved))
        {
            adds.AddRange([(Field(Rated, channel), 1), (Field(RatingSum, channel), rating), (Field(RatedScore(rating), channel), 1)]);
            if (after.Agent is { } rater) adds.AddRange([(AgentField(Rated, rater), 1), (AgentField(RatingSum, rater), rating)]);
        }
        return adds.Count == 0 ? null : (DayOf(resolvedAt), adds);
    }

    /// <summary>A day's figures per channel from its counters (fields as <see cref="Field"/> names them), summed over however many sets of them.</summary>
    public static IReadOnlyList<EscalationDayFigures> Figures(IEnumerable<KeyValuePair<string, long>> counters)
    {
        var byChannel = new Dictionary<string, Dictionary<string, long>>();
        foreach (var (field, value) in counters)
        {
            var colon = field.IndexOf(':');
            if (colon <= 0 || IsAgentField(field)) continue;
            var figures = byChannel.TryGetValue(field[(colon + 1)..], out var f) ? f : byChannel[field[(colon + 1)..]] = [];
            figures[field[..colon]] = figures.GetValueOrDefault(field[..colon]) + value;
        }
        return byChannel.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            long Get(string figure) => c.Value.GetValueOrDefault(figure);
            return new EscalationDayFigures(c.Key, Get(Opened), Get(Handled), Get(Withdrawn), Get(WaitTicks), Get(HandleTicks), Get(Rated), Get(RatingSum),
                Enumerable.Range(1, 5).Select(s => Get(RatedScore(s))).ToList());
        }).ToList();
    }

    /// <summary>Per agent, the handled count, handling time and ratings from counters (fields as <see cref="AgentField"/> names them), summed.</summary>
    public static IReadOnlyList<EscalationAgentFigures> AgentFigures(IEnumerable<KeyValuePair<string, long>> counters)
    {
        var byAgent = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (field, value) in counters)
        {
            if (!IsAgentField(field)) continue;
            var at = field.IndexOf('@');
            var (figure, agent) = (field[..at], field[(at + 1)..]);
            var figures = byAgent.TryGetValue(agent, out var f) ? f : byAgent[agent] = [];
            figures[figure] = figures.GetValueOrDefault(figure) + value;
        }
        return byAgent.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
        {
            long Get(string figure) => a.Value.GetValueOrDefault(figure);
            return new EscalationAgentFigures(a.Key, Get(Handled), Get(HandleTicks), Get(Rated), Get(RatingSum));
        }).ToList();
    }

    /// <summary>"handled@amina", not "handled:sms": an '@' before any ':' (an agent's name may hold either).</summary>
    private static bool IsAgentField(string field)
    {
        var at = field.IndexOf('@');
        var colon = field.IndexOf(':');
        return at > 0 && (colon < 0 || at < colon);
    }
}
