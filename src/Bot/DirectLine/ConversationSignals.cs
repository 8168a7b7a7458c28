using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// Wakes the WebSocket streams of a conversation when an activity is appended to it — on this host
/// directly, and on every other host through Redis pub/sub (channel huduma:dl:signals) when Redis is
/// configured. A missed signal costs only latency: streams also look again at every keep-alive.
/// </summary>
public sealed class ConversationSignals : IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("huduma:dl:signals");
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
    private readonly ISubscriber? _subscriber;

    public ConversationSignals(IConnectionMultiplexer? redis = null)
    {
        _subscriber = redis?.GetSubscriber();
        _subscriber?.Subscribe(Channel, (_, conversation) => Wake(conversation.ToString()));
    }

    /// <summary>Something was appended to <paramref name="conversationId"/>: wake its streams everywhere.</summary>
    public async Task NotifyAsync(string conversationId)
    {
        Wake(conversationId);
        if (_subscriber is not null)
        {
            try { await _subscriber.PublishAsync(Channel, conversationId); }
            catch (RedisException) { } // other hosts' streams will see it at their next look
        }
    }

    /// <summary>Completes when the conversation gets something new, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(string conversationId, TimeSpan timeout, CancellationToken ct)
    {
        var signal = _waiting.GetOrAdd(conversationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try { await signal.Task.WaitAsync(timeout, ct); }
        catch (TimeoutException) { }
    }

    private void Wake(string conversationId)
    {
        if (_waiting.TryRemove(conversationId, out var signal)) signal.TrySetResult();
    }

    public void Dispose() => _subscriber?.Unsubscribe(Channel);
}
