using System.Text.Json;
using Huduma.Contact.Bot;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// An escalation as an agent sees it: phone and document number masked (revealing them, audited, comes with the
/// console). <see cref="WaitingSeconds"/> runs until an agent claims it and stops there; <see cref="HandlingSeconds"/>
/// runs from the claim until it is resolved (null while waiting), so a claimed ticket never reads as still waiting.
/// </summary>
internal sealed record EscalationView(string Reference, string Channel, string Language, string Reason, string Status, string? Agent,
    DateTimeOffset CreatedAt, double WaitingSeconds, string? Phone, string? DocumentType, string? DocumentNumber,
    IReadOnlyList<string> Path, IReadOnlyList<ConversationLine> Transcript, string? Resolution, int? Rating, IReadOnlyList<CallAttempt> Calls,
    IReadOnlyList<string> Steps)
{
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public double? HandlingSeconds { get; init; }
    /// <summary>When an agent must have taken it by (its channel's SLA; null: none). A ticket still waiting after it has breached.</summary>
    public DateTimeOffset? SlaDeadline { get; init; }
}

/// <summary>Makes the agents' view of a ticket: masked numbers, waiting and handling time, the SLA deadline, and the path in the menus' own words.</summary>
internal sealed class EscalationViews(Huduma.Contact.Core.Content.ContentBundle content, TimeProvider clock, Huduma.Contact.Core.Sla.SlaPolicy sla)
{
    /// <param name="asWritten">
    /// The transcript as the citizen wrote it, typed ID and phone numbers included: only for a ticket's detail,
    /// whose every opening is audited. The queue and the live feed, which every agent sees and which are not
    /// audited, carry it with those numbers masked.
    /// </param>
    /// <param name="agentName">The holder's display name, for an agent's line that kept none.</param>
    public EscalationView View(Escalation t, bool asWritten = false, string? agentName = null)
    {
        var now = clock.GetUtcNow();
        // Older tickets released back to the queue have no claim time: they wait again from when they were made.
        var waitedUntil = t.Status == EscalationStatus.Open ? now : t.ClaimedAt ?? t.ResolvedAt ?? now;
        double? handling = t.ClaimedAt is { } claimed && t.Status != EscalationStatus.Open
            ? Math.Round(((t.ResolvedAt ?? now) - claimed).TotalSeconds, 1) : null;
        var language = Huduma.Contact.Core.Content.Languages.Parse(t.Language) ?? Huduma.Contact.Core.Content.Language.En;
        var transcript = asWritten ? t.Transcript : t.Transcript.Select(l => l with { Text = Mask.NumbersIn(l.Text) }).ToList();
        return new(t.Reference, t.Channel, t.Language, t.Reason, t.Status, t.Agent,
            t.CreatedAt, Math.Round((waitedUntil - t.CreatedAt).TotalSeconds, 1),
            t.Msisdn is null ? null : Mask.Phone(t.Msisdn), t.DocumentType, t.DocumentNumber is null ? null : Mask.Number(t.DocumentNumber),
            t.Path, ConversationLines.Readable(transcript, agentName ?? t.Agent),
            t.Resolution, t.Rating, t.Calls, Huduma.Contact.Core.Conversations.PathDescription.Describe(content, t.Path, language))
        {
            ClaimedAt = t.ClaimedAt, ResolvedAt = t.ResolvedAt, HandlingSeconds = handling, SlaDeadline = sla.DeadlineFor(t),
        };
    }
}

/// <summary>
/// A ticket with what has been said in it since it was opened (the chat, or the SMS thread), for the agent working it.
/// <see cref="Conversation"/>: the transcript and those messages together, readable (senders, options as seen);
/// <see cref="Notes"/>: the agents' notes, never sent to the citizen.
/// </summary>
internal sealed record EscalationDetail(EscalationView Escalation, IReadOnlyList<TranscriptLine> Messages, bool CitizenTyping)
{
    public IReadOnlyList<ConversationLine> Conversation { get; init; } = [];
    public IReadOnlyList<AgentNote> Notes { get; init; } = [];
    public ContactView? Contact { get; init; }
}

/// <summary>
/// Who the citizen is to the desk: channel, language, phone (masked), the documents on record for that phone and
/// the ticket's own (numbers masked; "Reveal numbers" shows them, audited), and their earlier tickets with ratings.
/// </summary>
internal sealed record ContactView(string Channel, string Language, string? Phone, IReadOnlyList<ContactDocument> Documents,
    IReadOnlyList<EarlierTicket> Earlier);

internal sealed record ContactDocument(string Type, string Number, string? Status, DateOnly? ReadyOn);

internal sealed record EarlierTicket(string Reference, string Channel, DateTimeOffset CreatedAt, string Status, string? Resolution, int? Rating);

internal sealed record AgentAction(string? Agent, string? Text, string? Category, string? To = null, string? Outcome = null);

/// <summary>
/// The agents' side of escalations as a JSON API, behind <see cref="AgentKeyFilter"/> (the agent console
/// puts a signed-in UI on it): GET /api/agents/escalations (waiting, or ?status=claimed), GET …/{reference},
/// POST …/{reference}/claim, /release, /reply, /typing, /call, /transfer, /resolve with {"text", "category",
/// "outcome", "to"}, and POST …/{reference}/notes {"text"} (a note for agents only). Each key acts as the agent it is bound to; a body's "agent", if given, must be that one.
/// A reply goes into the live chat, or by SMS to a citizen who wrote AGENT by SMS; a call-back's outcome is
/// logged on the ticket. Opening a ticket (GET …/{reference}) and revealing its numbers are audited
/// (<see cref="PersonalDataAudit"/>).
/// </summary>
internal static class AgentApi
{
    public const int MaxReplyLength = 1000;

    /// <summary>Who acts on the console: the signed-in agent. On the key API, the key's agent (<see cref="AgentKeyFilter.AgentItem"/>).</summary>
    private const string AgentItem = "huduma.agent";

    public static RouteGroupBuilder MapAgentApi(this IEndpointRouteBuilder app, AgentKeyFilter filter)
    {
        var group = app.MapGroup("/api/agents/escalations").AddEndpointFilter(filter).DisableAntiforgery()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>());
        return MapActions(group);
    }

    /// <summary>The same actions for the agent console, as the signed-in agent (cookie, agent role, anti-forgery token).</summary>
    public static RouteGroupBuilder MapAgentConsoleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/agents/api/escalations").RequireAuthorization(Accounts.AccountSetup.AgentPolicy)
            .AddEndpointFilter<Accounts.CsrfFilter>().DisableAntiforgery()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>())
            .AddEndpointFilter((context, next) =>
            {
                context.HttpContext.Items[AgentItem] = context.HttpContext.User.Identity?.Name;
                return next(context);
            });
        // Only on the console: numbers are unmasked for a person who clicked for them, under the name they signed in with.
        group.MapPost("/{reference}/reveal", Reveal);
        return MapActions(group);
    }

    /// <summary>The phone and document numbers of a ticket, unmasked for the agent working it, and audited.</summary>
    private static async Task<IResult> Reveal(string reference, HttpContext http, EscalationDesk desk, PersonalDataAudit audit, EscalationViews views,
        Huduma.Contact.Core.Register.IDocumentRegister register, CancellationToken ct)
    {
        var (action, refusal) = await ReadAsync(http, ct);
        if (action?.Agent is not { } agent) return refusal!;
        var held = await desk.HeldByAsync(reference, agent, ct);
        if (!held.Succeeded) return Answer(held, reference, views);
        var ticket = held.Ticket!;
        var fields = new List<string>();
        if (ticket.Msisdn is not null) fields.Add("phone");
        if (ticket.DocumentNumber is not null) fields.Add("document-number");
        // The contact panel's documents, in the order it lists them.
        var documents = (await DocumentsAsync(ticket, register, ct)).Select(d => new { type = d.Type, number = d.Number }).ToList();
        if (documents.Count > (ticket.DocumentNumber is null ? 0 : 1)) fields.Add("documents");
        // Every reveal is recorded (not once per window like opening a ticket): each one is a deliberate click.
        if (fields.Count > 0)
            await audit.RecordAsync(agent, PersonalDataKinds.Numbers, reference, string.Join(", ", fields), From(http), Via(http), ct);
        return Results.Ok(new { phone = ticket.Msisdn, documentNumber = ticket.DocumentNumber, documents });
    }

    private static RouteGroupBuilder MapActions(RouteGroupBuilder group)
    {
        group.MapGet("", List);
        group.MapGet("/{reference}", Detail);
        group.MapPost("/{reference}/claim", Claim);
        group.MapPost("/{reference}/release", Release);
        group.MapPost("/{reference}/reply", Reply);
        group.MapPost("/{reference}/typing", Typing);
        group.MapPost("/{reference}/resolve", Resolve);
        group.MapPost("/{reference}/transfer", Transfer);
        group.MapPost("/{reference}/call", LogCall);
        group.MapPost("/{reference}/notes", Note);
        return group;
    }

    /// <summary>Up to ?max tickets (100; at most 1,000); the X-Total-Count header says how many there are in all.</summary>
    private static async Task<IResult> List(IEscalationStore escalations, EscalationViews views, HttpResponse response, string? status, int? max,
        CancellationToken ct)
    {
        var limit = Math.Clamp(max ?? 100, 1, 1000);
        var tickets = status switch
        {
            null or "" or EscalationStatus.Open => await escalations.ListOpenAsync(limit, ct),
            EscalationStatus.Claimed => await escalations.ListClaimedAsync(limit, ct),
            _ => null,
        };
        if (tickets is null) return Results.Problem("status is 'open' or 'claimed'", statusCode: 400);
        response.Headers["X-Total-Count"] = (await escalations.CountAsync(string.IsNullOrEmpty(status) ? EscalationStatus.Open : status, ct)).ToString();
        return Results.Ok(tickets.Select(t => views.View(t)).ToList());
    }

    /// <summary>
    /// A ticket with its transcript and chat or SMS thread, unmasked as the citizen wrote them (names, typed ID
    /// numbers): audited as a view of personal data, once per person and ticket within the repeat window.
    /// </summary>
    private static async Task<IResult> Detail(string reference, HttpContext http, IEscalationStore escalations, IAgentChat chat, SmsThread thread,
        EscalationViews views, PersonalDataAudit audit, IAgentNames names, Huduma.Contact.Core.Register.IDocumentRegister register, CancellationToken ct)
    {
        if (await escalations.GetAsync(reference, ct) is not { } ticket) return NotFound(reference);
        var sms = ticket is { Channel: ChannelNames.Sms, Msisdn: not null };
        await audit.RecordOnceAsync(Who(http), sms ? PersonalDataKinds.SmsThread : PersonalDataKinds.Transcript, reference,
            ticket.Msisdn is null ? ticket.Channel : $"{ticket.Channel} {Mask.Phone(ticket.Msisdn)}", From(http), Via(http), ct);
        IReadOnlyList<TranscriptLine> messages = [];
        var typing = false;
        if (ticket is { Channel: ChannelNames.Sms, Msisdn: { } phone }) messages = await thread.SinceAsync(phone, ticket.CreatedAt, ct);
        else if (ticket.ConversationId is not null) (messages, typing) = await chat.SinceAsync(ticket, ct);
        var holder = ticket.Agent is { } agent ? await names.DisplayNameAsync(agent, ct) : null;
        return Results.Ok(new EscalationDetail(views.View(ticket, asWritten: true, holder), messages, typing)
        {
            Conversation = ConversationLines.Readable(ConversationLines.Merge(ticket.Transcript, messages), holder),
            Notes = ticket.Notes,
            Contact = await ContactAsync(ticket, escalations, register, ct),
        });
    }

    private static async Task<ContactView> ContactAsync(Escalation ticket, IEscalationStore escalations,
        Huduma.Contact.Core.Register.IDocumentRegister register, CancellationToken ct)
    {
        var documents = await DocumentsAsync(ticket, register, ct);
        var earlier = ticket.Msisdn is { } phone
            ? (await escalations.ListByPhoneAsync(phone, ct: ct)).Where(t => t.Reference != ticket.Reference)
                .Select(t => new EarlierTicket(t.Reference, t.Channel, t.CreatedAt, t.Status, t.Resolution, t.Rating)).ToList()
            : [];
        return new ContactView(ticket.Channel, ticket.Language, ticket.Msisdn is null ? null : Mask.Phone(ticket.Msisdn),
            documents.Select(d => new ContactDocument(d.Type, Mask.Number(d.Number), d.Status?.ToString(), d.ReadyOn)).ToList(), earlier);
    }

    /// <summary>The documents on record for the ticket's phone, and the document the ticket is about (in the register or not).</summary>
    private static async Task<List<(string Type, string Number, Huduma.Contact.Core.Register.DocumentStatus? Status, DateOnly? ReadyOn)>> DocumentsAsync(
        Escalation ticket, Huduma.Contact.Core.Register.IDocumentRegister register, CancellationToken ct)
    {
        var found = ticket.Msisdn is { } phone ? (await register.FindByPhoneAsync(phone, ct)).ToList() : [];
        var documents = found.Select(d => (d.Type, d.Number, (Huduma.Contact.Core.Register.DocumentStatus?)d.Status, d.ReadyOn)).ToList();
        if (ticket is { DocumentType: { } type, DocumentNumber: { } number }
            && !documents.Any(d => d.Type == type && string.Equals(d.Number, number, StringComparison.OrdinalIgnoreCase)))
        {
            var asked = await register.FindAsync(type, number, ct);
            documents.Insert(0, (type, number, asked?.Status, asked?.ReadyOn));
        }
        return documents;
    }

    /// <summary>
    /// A note for the other agents ({"text": "…"}), by any agent on any ticket not yet resolved: kept on the ticket,
    /// shown with its detail, never sent to the citizen (no chat message, no SMS).
    /// </summary>
    private static async Task<IResult> Note(string reference, HttpContext http, EscalationDesk desk, IEscalationStore escalations, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(http, ct);
        if (read is not { Agent: { } agent } action) return refusal!;
        if (string.IsNullOrWhiteSpace(action.Text)) return Results.Problem("text is required", statusCode: 400);
        if (action.Text.Length > MaxReplyLength) return Results.Problem($"text is at most {MaxReplyLength} characters", statusCode: 400);
        if (await escalations.GetAsync(reference, ct) is not { } ticket) return NotFound(reference);
        if (ticket.Status == EscalationStatus.Resolved) return Results.Problem($"{reference} is already resolved", statusCode: StatusCodes.Status409Conflict);
        var noted = await desk.AddNoteAsync(reference, agent, action.Text.Trim(), ct);
        return noted.Succeeded ? Results.Ok(noted.Ticket!.Notes) : NotFound(reference);
    }

    private static async Task<IResult> Claim(string reference, HttpContext http, EscalationDesk desk, EscalationViews views, CancellationToken ct)
    {
        var (action, refusal) = await ReadAsync(http, ct);
        return action?.Agent is not { } agent ? refusal! : Answer(await desk.ClaimAsync(reference, agent, ct), reference, views);
    }

    private static async Task<IResult> Release(string reference, HttpContext http, EscalationDesk desk, EscalationViews views, CancellationToken ct)
    {
        var (action, refusal) = await ReadAsync(http, ct);
        return action?.Agent is not { } agent ? refusal! : Answer(await desk.ReleaseAsync(reference, agent, ct), reference, views);
    }

    private static async Task<IResult> Resolve(string reference, HttpContext http, EscalationDesk desk, EscalationViews views, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(http, ct);
        if (read is not { Agent: { } agent } action) return refusal!;
        var category = string.IsNullOrWhiteSpace(action.Category) ? "resolved" : action.Category.Trim();
        if (category.Length > 64) return Results.Problem("category is at most 64 characters", statusCode: 400);
        return Answer(await desk.ResolveAsync(reference, agent, category, ct), reference, views);
    }

    /// <summary>How a call back went ({"outcome": "no-answer", "text": "a note"}): kept on the ticket, which stays the agent's.</summary>
    private static async Task<IResult> LogCall(string reference, HttpContext http, EscalationDesk desk, EscalationViews views, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(http, ct);
        if (read is not { Agent: { } agent } action) return refusal!;
        if (action.Outcome is not { } outcome || !CallOutcomes.All.Contains(outcome))
            return Results.Problem($"outcome is one of: {string.Join(", ", CallOutcomes.All)}", statusCode: 400);
        var note = string.IsNullOrWhiteSpace(action.Text) ? null : action.Text.Trim();
        if (note?.Length > MaxReplyLength) return Results.Problem($"text is at most {MaxReplyLength} characters", statusCode: 400);
        var held = await desk.HeldByAsync(reference, agent, ct);
        if (!held.Succeeded) return Answer(held, reference, views);
        if (held.Ticket!.Msisdn is null) return Results.Problem($"{reference} has no phone number to call", statusCode: StatusCodes.Status409Conflict);
        return Answer(await desk.LogCallAsync(reference, agent, outcome, note, ct), reference, views);
    }

    /// <summary>To another agent: on the console, one with an active account of the agent role or above.</summary>
    private static async Task<IResult> Transfer(string reference, HttpContext http, EscalationDesk desk, Accounts.AccountStore accounts,
        EscalationViews views, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(http, ct);
        if (read is not { Agent: { } agent } action) return refusal!;
        if (action.To is not { Length: > 0 and <= 64 } to || string.IsNullOrWhiteSpace(to)) return Results.Problem("name the agent to transfer to: {\"to\": \"…\"}", statusCode: 400);
        if (http.Items[AgentItem] is string) // the console
        {
            var account = await accounts.GetAsync(to.Trim(), ct);
            if (account?.IsActiveAgent() != true)
                return Results.Problem($"{to} is not an active agent", statusCode: 400);
            to = account.Name;
        }
        return Answer(await desk.TransferAsync(reference, agent, to.Trim(), ct), reference, views);
    }

    private static async Task<IResult> Reply(string reference, HttpContext http, EscalationDesk desk, IAgentChat chat, ISmsSender sms,
        SmsThread thread, EscalationViews views, IAgentNames names, CancellationToken ct)
    {
        var (read, refusal) = await ReadAsync(http, ct);
        if (read is not { Agent: { } agent } action) return refusal!;
        if (string.IsNullOrWhiteSpace(action.Text)) return Results.Problem("text is required", statusCode: 400);
        if (action.Text.Length > MaxReplyLength) return Results.Problem($"text is at most {MaxReplyLength} characters", statusCode: 400);
        var held = await desk.HeldByAsync(reference, agent, ct);
        if (!held.Succeeded) return Answer(held, reference, views);
        var ticket = held.Ticket!;
        if (ticket.ConversationId is not null)
            return Results.Ok(new { id = await chat.PostFromAgentAsync(ticket, agent, action.Text.Trim(), ct), via = ChannelNames.Chat });
        if (ticket.Channel == ChannelNames.Sms && ticket.Msisdn is { } phone)
        {
            var sent = await sms.SendAsync(new OutboundSms(phone, action.Text.Trim(), "agent", Reference: ticket.Reference), ct);
            if (!sent.Accepted) return Results.Problem($"the SMS provider refused the message: {sent.Error}", statusCode: StatusCodes.Status502BadGateway);
            await thread.RecordAsync(phone, "agent", action.Text.Trim(), ct, await names.DisplayNameAsync(agent, ct));
            return Results.Ok(new { id = sent.ProviderMessageId, via = ChannelNames.Sms });
        }
        return Results.Problem($"a {ticket.Channel} ticket is answered by calling the citizen back", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Typing(string reference, HttpContext http, EscalationDesk desk, IAgentChat chat, EscalationViews views, CancellationToken ct)
    {
        var (action, refusal) = await ReadAsync(http, ct);
        if (action?.Agent is not { } agent) return refusal!;
        var held = await desk.HeldByAsync(reference, agent, ct);
        if (!held.Succeeded) return Answer(held, reference, views);
        if (held.Ticket!.ConversationId is null) return Results.NoContent(); // nothing to show on SMS or a call
        await chat.TypingFromAgentAsync(held.Ticket, agent, ct);
        return Results.NoContent();
    }

    private static IResult Answer(DeskResult result, string reference, EscalationViews views) => result.Outcome switch
    {
        DeskOutcome.Done => Results.Ok(views.View(result.Ticket!)),
        DeskOutcome.NotFound => NotFound(reference),
        DeskOutcome.TakenByAnother => Results.Problem($"{reference} is held by {result.Ticket?.Agent}", statusCode: StatusCodes.Status409Conflict),
        DeskOutcome.NotClaimedByYou => Results.Problem($"claim {reference} first", statusCode: StatusCodes.Status409Conflict),
        _ => Results.Problem($"{reference} is already resolved", statusCode: StatusCodes.Status409Conflict),
    };

    private static IResult NotFound(string reference) => Results.Problem($"no escalation {reference}", statusCode: 404);
    /// <summary>Who is looking, for the audit: the signed-in account, or the agent the API key is bound to.</summary>
    private static string Who(HttpContext http) =>
        http.Items[AgentItem] as string ?? http.Items[AgentKeyFilter.AgentItem] as string ?? "?";

    private static string Via(HttpContext http) => http.Items[AgentItem] is string ? "console" : "api-key";

    private static string? From(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// The body with the acting agent: the signed-in one on the console (whatever the body says), or on the key API
    /// the agent the key is bound to. A body naming another agent than the key's is refused (403), not obeyed or
    /// quietly corrected: the caller has a wrong idea of who they are acting as. A body that is not JSON: 400.
    /// </summary>
    private static async Task<(AgentAction? Action, IResult? Refusal)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        AgentAction? action;
        try { action = http.Request.ContentLength is 0 ? null : await http.Request.ReadFromJsonAsync<AgentAction>(ct); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, Results.Problem("the body is not JSON: {\"text\": \"…\", \"category\": \"…\", \"outcome\": \"…\", \"to\": \"…\"}", statusCode: 400));
        }
        action ??= new AgentAction(null, null, null);
        if (http.Items[AgentItem] is string signedIn) return (action with { Agent = signedIn }, null);
        if (http.Items[AgentKeyFilter.AgentItem] is not string bound)
            return (null, Results.Problem("no agent: the key is not bound to one", statusCode: StatusCodes.Status403Forbidden));
        if (!string.IsNullOrWhiteSpace(action.Agent) && !string.Equals(action.Agent.Trim(), bound, StringComparison.OrdinalIgnoreCase))
            return (null, Results.Problem(
                $"this {AgentKeyFilter.Header} is bound to agent '{bound}', and the body names '{action.Agent.Trim()}': each agent uses their own key ({AgentApiOptions.Section}:Keys)",
                statusCode: StatusCodes.Status403Forbidden));
        return (action with { Agent = bound }, null);
    }
}
