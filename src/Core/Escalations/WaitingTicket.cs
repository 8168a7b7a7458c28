namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// A waiting ticket as much as assignment matches on (<see cref="IEscalationStore.WaitingAsync"/>): its channel and
/// whether it has a conversation (its kind of work), its language, and when it was made (its place in the queue).
/// </summary>
internal sealed record WaitingTicket(string Reference, string Channel, string Language, bool HasConversation, DateTimeOffset CreatedAt);

/// <summary>How many tickets an agent holds now (<see cref="IEscalationStore.HeldAsync"/>): written conversations, and call-backs.</summary>
internal readonly record struct HeldTickets(int Chats, int Callbacks);
