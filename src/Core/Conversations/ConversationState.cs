namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// Where a citizen is in the dialog. Stored as JSON in the session store between turns, so it is kept
/// small (well under 1 KB): ids, not texts, except for an action's result screen. Read and written by
/// <see cref="ConversationStateJson"/>, which the generated session context (<see cref="State.SessionJson"/>)
/// uses for it, inside every channel's session.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConversationStateJson))]
public sealed class ConversationState : IConversationSession
{
    /// <summary>Chat keeps nothing beside the conversation: its stored session is the state itself (huduma:chat:{id}).</summary>
    ConversationState IConversationSession.State
    {
        get => this;
        set => throw new NotSupportedException("a chat's session is its conversation state");
    }

    /// <summary>"en" or "sw"; null until the citizen chooses.</summary>
    public string? Lang { get; set; }
    public string Node { get; set; } = "";
    /// <summary>Nodes to return to with "0 Back", most recent last.</summary>
    public List<string> Back { get; set; } = [];
    public Dictionary<string, string> Vars { get; set; } = [];
    /// <summary>The trail of choices (personal numbers masked), for an agent who takes over.</summary>
    public List<string> Path { get; set; } = [];
    /// <summary>Consecutive wrong inputs on the current screen.</summary>
    public int Wrong { get; set; }
    /// <summary>An action's answer shown on top of <see cref="Node"/>, if any.</summary>
    public ResultScreen? Result { get; set; }
    public bool Ended { get; set; }

    public const int MaxPath = 24;

    public void Record(string step)
    {
        Path.Add(step);
        if (Path.Count > MaxPath) Path.RemoveRange(0, Path.Count - MaxPath);
    }
}

/// <summary>An action's answer (e.g. a document's status), with its own follow-up choices.</summary>
public sealed class ResultScreen
{
    public List<string> Lines { get; set; } = [];
    public List<ResultOption> Options { get; set; } = [];
    public bool Ends { get; set; }
}

public sealed class ResultOption
{
    public string Label { get; set; } = "";
    public string Goto { get; set; } = "";
}
