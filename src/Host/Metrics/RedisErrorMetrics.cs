using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Huduma.Contact.Core.Telemetry;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// huduma_redis_errors_total {kind}: connection_failed — a connection of one of the host's Redis clients failed
/// or could not be made (the clients' ConnectionFailed event; <see cref="Wiring.RedisConnections"/> makes every
/// client and has each watched here); timeout — a command that Redis did not answer in time; other — the
/// client's internal errors (its InternalError event).
/// </summary>
/// <remarks>
/// A timeout reaches whoever awaited the command, anywhere in the host (a USSD hop, the SMS drain, a Hangfire
/// job), as a <see cref="RedisTimeoutException"/>. Rather than count it at each of those places, each such
/// exception is counted once, the first time it is thrown (an exception rethrown up an await chain is the
/// same object, remembered without keeping it alive). The first-chance hook sees every exception the process
/// throws, which is rare on the paths that matter and costs one type test each.
/// </remarks>
internal sealed class RedisErrorMetrics : IDisposable
{
    public const string ConnectionFailed = "connection_failed", Timeout = "timeout", Other = "other";

    private readonly Counter<long> _errors;
    private readonly ConditionalWeakTable<RedisTimeoutException, object> _counted = new();
    private static readonly object Seen = new();

    public RedisErrorMetrics(IMeterFactory meters)
    {
        _errors = HudumaMeter.Of(meters).CreateCounter<long>("huduma.redis.errors", description: "Redis connection failures, command time-outs and client errors");
        AppDomain.CurrentDomain.FirstChanceException += OnException;
    }

    /// <summary>Counts the failures of a client's connections from now on.</summary>
    public void Watch(IConnectionMultiplexer client)
    {
        client.ConnectionFailed += OnConnectionFailed;
        client.InternalError += OnInternalError;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // A connection replaced on purpose, off a node the server said it is retiring, is no fault.
        if (e.FailureType != ConnectionFailureType.MaintenanceHandoff) Count(ConnectionFailed);
    }

    private void OnInternalError(object? sender, InternalErrorEventArgs e) => Count(Other);

    private void OnException(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (e.Exception is RedisTimeoutException timeout && _counted.TryAdd(timeout, Seen)) Count(Timeout);
    }

    private void Count(string kind) => _errors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= OnException;
}
