using System.Collections.Concurrent;
using System.Text.Json;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Bot.DirectLine;

internal sealed class InMemoryConversationLog(DirectLineOptions options, TimeProvider clock, ConversationSignals signals) : IConversationLog
{
    private sealed class Log
    {
        public readonly List<string> Activities = [];
        public DateTimeOffset ExpiresAt;
    }

    private readonly ConcurrentDictionary<string, Log> _logs = new();

    public Task<bool> CreateAsync(string conversationId, CancellationToken ct = default)
    {
        Sweep();
        return Task.FromResult(_logs.TryAdd(conversationId, new Log { ExpiresAt = clock.GetUtcNow() + options.ConversationLifetime }));
    }

    public Task<bool> ExistsAsync(string conversationId, CancellationToken ct = default) => Task.FromResult(Live(conversationId) is not null);

    public Task<IReadOnlyList<string>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, bool wake = true, CancellationToken ct = default)
    {
        var log = Live(conversationId) ?? throw new KeyNotFoundException(conversationId);
        var ids = new List<string>(activities.Count);
        lock (log)
        {
            foreach (var activity in activities)
            {
                activity.Id = ActivityId(conversationId, log.Activities.Count + 1);
                log.Activities.Add(JsonSerializer.Serialize(activity, DirectLineJson.Options));
                ids.Add(activity.Id);
            }
            log.ExpiresAt = clock.GetUtcNow() + options.ConversationLifetime;
        }
        if (wake) signals.Wake(conversationId);
        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    public Task<RawActivitySet> ReadRawAsync(string conversationId, int watermark, CancellationToken ct = default)
    {
        var log = Live(conversationId) ?? throw new KeyNotFoundException(conversationId);
        lock (log)
        {
            var from = Math.Clamp(watermark, 0, log.Activities.Count);
            return Task.FromResult(new RawActivitySet(log.Activities.Skip(from).ToList(), log.Activities.Count));
        }
    }

    public static string ActivityId(string conversationId, int position) => $"{conversationId}|{position:D7}";

    private Log? Live(string id) => _logs.TryGetValue(id, out var log) && log.ExpiresAt > clock.GetUtcNow() ? log : null;

    private void Sweep()
    {
        foreach (var (id, log) in _logs)
            if (log.ExpiresAt <= clock.GetUtcNow()) _logs.TryRemove(id, out _);
    }
}
