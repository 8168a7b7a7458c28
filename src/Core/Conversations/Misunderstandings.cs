namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// When free text is answered by no keyword, menu or FAQ, nothing is guessed; after
/// <see cref="BeforeAgent"/> such messages in a row the citizen is offered a person instead of "not
/// understood" again. Anything understood starts the count afresh.
/// </summary>
public static class Misunderstandings
{
    public const int BeforeAgent = 2;

    public static void Understood(ICountsMisunderstandings session) => session.Misunderstood = 0;

    /// <summary>Counts one more; true when it is time to offer a person.</summary>
    public static bool NotUnderstood(ICountsMisunderstandings session) => ++session.Misunderstood > BeforeAgent;
}
