using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// Logic that content can't express, referred to by name from content/menus.yaml
/// (status-lookup, find-centre, service-detail, request-callback, set-language).
/// </summary>
internal interface IDialogAction
{
    string Name { get; }

    /// <summary>
    /// Nodes this action may send the citizen to, so validation can tell what is reachable. Name them in
    /// <see cref="MenuNodes"/>, whose ids are checked to exist at start-up.
    /// </summary>
    IReadOnlyList<string> Targets => [];

    Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken cancellationToken);
}

public sealed record ActionContext(Turn Turn, ConversationState State, Language Language, string? Argument)
{
    public string? Var(string name) => State.Vars.GetValueOrDefault(name);
}

/// <summary>What an action decides: show an answer, or move to a node.</summary>
public abstract record ActionOutcome
{
    /// <summary>Show an answer on top of the current node; "0 Back" returns to it.</summary>
    public sealed record Show(IReadOnlyList<string> Lines, IReadOnlyList<ResultOption>? Options = null, bool Ends = false)
        : ActionOutcome;

    /// <summary>Continue at a node, optionally with a short notice line.</summary>
    public sealed record GoTo(string Node, string? Notice = null, bool ClearBack = false) : ActionOutcome;
}
