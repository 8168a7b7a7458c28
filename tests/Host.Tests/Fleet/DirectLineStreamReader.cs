using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>
/// A web chat's Direct Line WebSocket stream, as Web Chat opens it from the conversation's streamUrl:
/// every activity pushed is kept (sender's name and text) as it arrives.
/// </summary>
public sealed class DirectLineStreamReader : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;

    public ConcurrentQueue<(string? From, string? Text)> Received { get; } = new();

    public static async Task<DirectLineStreamReader> OpenAsync(string streamUrl)
    {
        var reader = new DirectLineStreamReader();
        await reader._socket.ConnectAsync(new Uri(streamUrl), reader._stop.Token);
        reader._reading = reader.ReadAsync();
        return reader;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(frame.ToArray());
                frame.SetLength(0);
                if (string.IsNullOrWhiteSpace(text)) continue; // a keep-alive
                using var set = JsonDocument.Parse(text);
                foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
                    Received.Enqueue((activity.TryGetProperty("from", out var from) && from.TryGetProperty("name", out var name) ? name.GetString() : null,
                        activity.TryGetProperty("text", out var said) ? said.GetString() : null));
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        await _stop.CancelAsync();
        await _reading;
        _socket.Dispose();
        _stop.Dispose();
    }
}
