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
/// (a claim, as from the queue) and …/decline (the offer moves to the next agent).
/// </summary>
internal static class AssignmentEndpoints
{
    public static void MapAssignment(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/agents/api").RequireAuthorization(AccountSetup.AgentPolicy)
            .AddEndpointFilter<CsrfFilter>().DisableAntiforgery()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>());
        group.MapGet("/presence", async (HttpContext http, IAssignmentStore store, CancellationToken ct) =>
            (await store.AgentsAsync(ct)).FirstOrDefault(a => a.Agent == Me(http)) is { } me
                ? Results.Ok(new PresenceView(me.Status, me.Seen, me.Languages))
                : Results.Ok(new PresenceView(PresenceStatus.Away, PresenceStatus.Away, [])));
        group.MapPost("/presence", async (PresenceChoice choice, HttpContext http, ConsolePresence consoles, CancellationToken ct) =>
        {
            if (choice.Status is not { } status || !PresenceStatus.All.Contains(status))
                return Results.Problem($"status is one of: {string.Join(", ", PresenceStatus.All)}", statusCode: 400);
            var me = await consoles.SetAsync(Me(http), status, ct);
            return Results.Ok(new PresenceView(me.Status, me.Seen, me.Languages));
        });
        group.MapGet("/offers", async (HttpContext http, IAssignmentStore store, IEscalationStore escalations, EscalationViews views, CancellationToken ct) =>
        {
            var mine = new List<OfferView>();
            foreach (var offer in (await store.OffersAsync(ct)).Where(o => o.Agent == Me(http)))
                if (await escalations.GetAsync(offer.Reference, ct) is { } ticket) mine.Add(AgentHubOffers.View(offer, ticket, views));
            return Results.Ok(mine);
        });
        group.MapPost("/offers/{reference}/accept", async (string reference, HttpContext http, TicketOffers offers, EscalationViews views, CancellationToken ct) =>
            await offers.AcceptAsync(reference, Me(http), ct) switch
            {
                null => Gone(reference),
                { Succeeded: true } claimed => Results.Ok(views.View(claimed.Ticket!)),
                var refused => Results.Problem($"{reference} is no longer waiting ({refused.Ticket?.Status}{(refused.Ticket?.Agent is { } a ? ", with " + a : "")})",
                    statusCode: StatusCodes.Status409Conflict),
            });
        group.MapPost("/offers/{reference}/decline", async (string reference, HttpContext http, TicketOffers offers, CancellationToken ct) =>
            await offers.DeclineAsync(reference, Me(http), ct) ? Results.NoContent() : Gone(reference));
    }

    private static string Me(HttpContext http) => http.User.Identity!.Name!;

    private static IResult Gone(string reference) =>
        Results.Problem($"no offer of {reference} waits for you: it timed out and moved on, or the ticket was taken", statusCode: StatusCodes.Status409Conflict);
}
