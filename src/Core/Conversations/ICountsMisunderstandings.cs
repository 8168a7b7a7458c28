namespace Huduma.Contact.Core.Conversations;

/// <summary>A session that counts the citizen's messages in a row nobody understood (<see cref="Misunderstandings"/>).</summary>
public interface ICountsMisunderstandings
{
    int Misunderstood { get; set; }
}
