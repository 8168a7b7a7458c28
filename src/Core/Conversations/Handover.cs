using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Conversations;

public enum HandoverKind
{
    /// <summary>To an agent now: <see cref="Handover.Ticket"/> carries the citizen's context.</summary>
    Transfer,
    /// <summary>Nobody can answer now: offer a call back (<see cref="Conversations.CallBackAsync"/> on yes).</summary>
    OfferCallBack,
    /// <summary>A stuck citizen out of agents' hours: the conversation ends.</summary>
    Goodbye,
}

/// <summary>What <see cref="Conversations"/>' handoff policy decided for a citizen who asked for a person, or was stuck.</summary>
public readonly record struct Handover(HandoverKind Kind, Escalation? Ticket = null);
