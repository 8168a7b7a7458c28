using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// Wakes the WebSocket streams of a conversation when activities are appended to it — on this host
/// directly, and on every other host through Redis pub/sub (channel huduma:dl:signals, published by the
/// conversation log's append script) when Redis is configured. A missed signal costs only latency:
/// streams also look again at every keep-alive.
/// </summary>
internal sealed class ConversationSignals : IDisposable
{
    public const string ChannelName = "huduma:dl:signals";
    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
    private readonly ISubscriber? _subscriber;

    private readonly CancellationTokenSource _stopping = new();
    private readonly string _host = Guid.NewGuid().ToString("N");

    public ConversationSignals(IConnectionMultiplexer? redis = null)
    {
        _subscriber = redis?.GetSubscriber();
        // Subscribed in the background, never blocking a request: a synchronous subscribe inside the first
        // requests starved the thread pool under load, and with Redis down it failed every request.
        Subscribed = _subscriber is null ? Task.CompletedTask : SubscribeAsync(_subscriber);
    }

    /// <summary>Completes once other hosts' signals reach this one (at once without Redis).</summary>
    public Task Subscribed { get; }

    /// <summary>Subscribes, retrying while Redis is unreachable; meanwhile streams on this host still wake each other.</summary>
    private async Task SubscribeAsync(ISubscriber subscriber)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await subscriber.SubscribeAsync(Channel, (_, message) =>
                {
                    // "{host}|{conversation}"; this host's own signals were delivered when sent.
                    var text = message.ToString();
                    var bar = text.IndexOf('|');
                    if (bar > 0 && !text.AsSpan(0, bar).SequenceEqual(_host)) Wake(text[(bar + 1)..]);
                });
                return;
            }
            catch (RedisException)
            {
                try { await Task.Delay(delay, _stopping.Token); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    /// <summary>The message the conversation log publishes (from its append script) to wake other hosts' streams.</summary>
    public string Signal(string conversationId) => $"{_host}|{conversationId}";

    /// <summary>Completes when the conversation gets something new, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(string conversationId, TimeSpan timeout, CancellationToken ct)
    {
        var signal = _waiting.GetOrAdd(conversationId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try { await signal.Task.WaitAsync(timeout, ct); }
        catch (TimeoutException) { }
    }

    /// <summary>Something was appended to <paramref name="conversationId"/>: wake its streams on this host.</summary>
    public void Wake(string conversationId)
    {
        if (_waiting.TryRemove(conversationId, out var signal)) signal.TrySetResult();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try { _subscriber?.Unsubscribe(Channel, flags: CommandFlags.FireAndForget); }
        catch (RedisException) { }
    }
}
