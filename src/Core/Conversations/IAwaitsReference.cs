namespace Huduma.Contact.Core.Conversations;

/// <summary>A session that keeps a lookup's document while the waiting-card reference is asked for (<see cref="MessageStatus"/>).</summary>
public interface IAwaitsReference
{
    string? AwaitingType { get; set; }
    string? AwaitingNumber { get; set; }
}
