namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// How <see cref="Conversations"/> keeps one channel's sessions: how long (the one TTL policy), and which
/// of Core's rules the channel takes. Made once at start-up from the channel's validated options.
/// </summary>
public sealed record ConversationPolicy
{
    public ConversationPolicy(string channel, string spanName, TimeSpan lifetime, TimeSpan? endedLifetime = null)
    {
        if (lifetime <= TimeSpan.Zero || endedLifetime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"a {channel} session must be kept for a positive time");
        Channel = channel;
        SpanName = spanName;
        Lifetime = lifetime;
        EndedLifetime = endedLifetime ?? lifetime;
    }

    /// <summary>"ussd", "voice", "chat": the first part of the session's key, the counter and the tickets' channel.</summary>
    public string Channel { get; }
    /// <summary>The trace span of a turn ("ussd hop").</summary>
    public string SpanName { get; }
    /// <summary>How long a session under way is kept after its last turn (a dropped USSD session: the resume window).</summary>
    public TimeSpan Lifetime { get; }
    /// <summary>How long an ended one is kept (only as long as a gateway may repeat its last turn, where nothing reads it later).</summary>
    public TimeSpan EndedLifetime { get; }
    /// <summary>A first turn may be offered the subject's previous session to continue (USSD: redialling).</summary>
    public bool OffersResume { get; init; }
    /// <summary>A first turn reads the phone's language in the same round trip as the session (USSD's hot path).</summary>
    public bool ReadsProfileWithFirstTurn { get; init; }
    /// <summary>A turn to an ended conversation starts a new one under the same key (chat: the same window).</summary>
    public bool RestartsWhenEnded { get; init; }

    public TimeSpan LifetimeOf(ConversationState state) => state.Ended ? EndedLifetime : Lifetime;
}
