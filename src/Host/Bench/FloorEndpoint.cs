using Huduma.Contact.Core.State;

namespace Huduma.Contact.Host.Bench;

/// <summary>
/// The benchmark's floor (bench/README.md): an endpoint that does the least a USSD hop can do — read the
/// form, one store GET, one SET — so the real endpoint's cost can be compared against it in the same
/// host. Mapped only when Bench:Floor is true.
/// </summary>
internal static class FloorEndpoint
{
    private sealed class FloorState
    {
        public string Text { get; set; } = "";
    }

    public static void MapBenchFloor(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/floor", async (HttpRequest http, IStateStore store, CancellationToken ct) =>
        {
            var form = await http.ReadFormAsync(ct);
            var key = $"floor:{form["sessionId"]}";
            var state = await store.GetAsync<FloorState>(key, ct) ?? new FloorState();
            state.Text = form["text"].ToString();
            await store.SetAsync(key, state, TimeSpan.FromMinutes(3), ct);
            return Results.Text("CON ok", "text/plain; charset=utf-8");
        }).DisableAntiforgery();
    }
}
