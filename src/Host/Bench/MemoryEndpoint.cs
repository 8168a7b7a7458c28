namespace Huduma.Contact.Host.Bench;

/// <summary>
/// GET /bench/memory: the managed heap after a full, compacting collection, and the process's working
/// set — so a benchmark can tell what holding N conversations costs, which RSS alone (with the GC's
/// own slack) cannot. Mapped only when Bench:Floor is true: it stops the world.
/// </summary>
internal static class MemoryEndpoint
{
    public static void MapBenchMemory(this IEndpointRouteBuilder app) =>
        app.MapGet("/bench/memory", () =>
        {
            // Read before the forced collections below: what the GC cost the host so far.
            var gcSoFar = new { gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2),
                pauseMs = GC.GetTotalPauseDuration().TotalMilliseconds };
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Ok(new { managedBytes = GC.GetTotalMemory(false), workingSetBytes = Environment.WorkingSet, gc = gcSoFar });
        });
}
