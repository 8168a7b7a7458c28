using System.Collections.Concurrent;
using System.Text.Json;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Bot.DirectLine;

public sealed class InMemoryConversationLog(DirectLineOptions options, TimeProvider clock) : IConversationLog
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

    public Task<string> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
    {
        var log = Live(conversationId) ?? throw new KeyNotFoundException(conversationId);
        lock (log)
        {
            activity.Id = ActivityId(conversationId, log.Activities.Count + 1);
            log.Activities.Add(JsonSerializer.Serialize(activity, DirectLineJson.Options));
            log.ExpiresAt = clock.GetUtcNow() + options.ConversationLifetime;
            return Task.FromResult(activity.Id);
        }
    }

    public Task<ActivitySet> ReadAsync(string conversationId, int watermark, CancellationToken ct = default)
    {
        var log = Live(conversationId) ?? throw new KeyNotFoundException(conversationId);
        lock (log)
        {
            var from = Math.Clamp(watermark, 0, log.Activities.Count);
            var activities = log.Activities.Skip(from).Select(j => JsonSerializer.Deserialize<Activity>(j, DirectLineJson.Options)!).ToList();
            return Task.FromResult(new ActivitySet(activities, log.Activities.Count.ToString()));
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
