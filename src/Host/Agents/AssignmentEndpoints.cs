using Huduma.Contact.Bot;
using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

internal sealed record PresenceChoice(string? Status);

/// <summary>What the console shows of its agent's presence: the status chosen, and the one others see (away with no console open).</summary>
internal sealed record PresenceView(string Status, string Seen, IReadOnlyList<string> Languages);

/// <summary>
/// The console's presence and offers, as the signed-in agent (anti-forgery token on changes):
/// GET/POST /agents/api/presence ({"status": "available" | "busy" | "away"}), GET /agents/api/offers (the
/// agent's pending offers, for a console that just opened), POST /agents/api/offers/{reference}/accept
/// (a claim, as from the queue) and …/decline (the offer moves to the next agent). The same offers on the
/// key-based agents' API, as the key's agent: GET /api/agents/offers, POST /api/agents/offers/{reference}/accept
/// and …/decline (header X-Api-Key), for an agent's own tool working beside their open console.
/// </summary>
internal static class AssignmentEndpoints
{
    public static void MapAssignment(this IEndpointRouteBuilder app, AgentKeyFilter keys)
    {
        var storeUnavailable = app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>();
        var group = app.MapGroup("/agents/api").RequireAuthorization(AccountSetup.AgentPolicy)
            .AddEndpointFilter<CsrfFilter>().DisableAntiforgery()
            .AddEndpointFilter(storeUnavailable);
        group.MapGet("/presence", async (HttpContext http, IAssignmentStore store, CancellationToken ct) =>
            (await store.AgentsAsync(ct)).FirstOrDefault(a => a.Agent == SignedIn(http)) is { } me
                ? Results.Ok(new PresenceView(me.Status, me.Seen, me.Languages))
                : Results.Ok(new PresenceView(PresenceStatus.Away, PresenceStatus.Away, [])));
        group.MapPost("/presence", async (PresenceChoice choice, HttpContext http, ConsolePresence consoles, CancellationToken ct) =>
        {
            if (choice.Status is not { } status || !PresenceStatus.All.Contains(status))
                return Results.Problem($"status is one of: {string.Join(", ", PresenceStatus.All)}", statusCode: 400);
            var me = await consoles.SetAsync(SignedIn(http), status, ct);
            return Results.Ok(new PresenceView(me.Status, me.Seen, me.Languages));
        });
        MapOffers(group.MapGroup("/offers"), SignedIn);
        MapOffers(app.MapGroup("/api/agents/offers").AddEndpointFilter(keys).DisableAntiforgery().AddEndpointFilter(storeUnavailable), KeysAgent);
    }

    /// <summary>An agent's pending offers, and Accept and Decline, as the agent <paramref name="me"/> says the request comes from.</summary>
    private static void MapOffers(RouteGroupBuilder offers, Func<HttpContext, string> me)
    {
        offers.MapGet("", async (HttpContext http, IAssignmentStore store, IEscalationStore escalations, EscalationViews views, CancellationToken ct) =>
        {
            var mine = new List<OfferView>();
            foreach (var offer in (await store.OffersAsync(ct)).Where(o => o.Agent == me(http)))
                if (await escalations.GetAsync(offer.Reference, ct) is { } ticket) mine.Add(AgentHubOffers.View(offer, ticket, views));
            return Results.Ok(mine);
        });
        offers.MapPost("/{reference}/accept", async (string reference, HttpContext http, TicketOffers offers, EscalationViews views, CancellationToken ct) =>
            await offers.AcceptAsync(reference, me(http), ct) switch
            {
                null => Gone(reference),
                { Succeeded: true } claimed => Results.Ok(views.View(claimed.Ticket!)),
                var refused => Results.Problem($"{reference} is no longer waiting ({refused.Ticket?.Status}{(refused.Ticket?.Agent is { } a ? ", with " + a : "")})",
                    statusCode: StatusCodes.Status409Conflict),
            });
        offers.MapPost("/{reference}/decline", async (string reference, HttpContext http, TicketOffers offers, CancellationToken ct) =>
            await offers.DeclineAsync(reference, me(http), ct) ? Results.NoContent() : Gone(reference));
    }

    private static string SignedIn(HttpContext http) => http.User.Identity!.Name!;

    /// <summary>The agent the request's key is bound to (set by <see cref="AgentKeyFilter"/>, which refuses a request without one).</summary>
    private static string KeysAgent(HttpContext http) => (string)http.Items[AgentKeyFilter.AgentItem]!;

    private static IResult Gone(string reference) =>
        Results.Problem($"no offer of {reference} waits for you: it timed out and moved on, or the ticket was taken", statusCode: StatusCodes.Status409Conflict);
}
