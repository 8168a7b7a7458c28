using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP traces endpoint on loopback (POST /v1/traces, protobuf): keeps each
/// body as it came and reads the spans out of it (<see cref="ReceivedSpan"/>), with just enough of protobuf's
/// wire format to walk ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public string BaseUrl { get; }
    /// <summary>Every export request's body, raw.</summary>
    public ConcurrentQueue<byte[]> Bodies { get; } = new();
    public IReadOnlyList<ReceivedSpan> Spans => Bodies.SelectMany(ReadSpans).ToList();

    private OtlpReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = RedisServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, $"http://127.0.0.1:{port}");
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Bodies.Enqueue(body.ToArray());
            // An empty ExportTraceServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A span as exported: ids in lower-case hex, string and integer attributes as text.</summary>
    public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes);

    public static IEnumerable<ReceivedSpan> ReadSpans(byte[] body)
    {
        foreach (var resourceSpans in Fields(body).Where(f => f.Number == 1))
        foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
        foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
        {
            string traceId = "", spanId = "", parent = "", name = "";
            var kind = 0;
            var attributes = new Dictionary<string, string>();
            foreach (var field in Fields(span.Bytes))
            {
                switch (field.Number)
                {
                    case 1: traceId = Convert.ToHexStringLower(field.Bytes.Span); break;
                    case 2: spanId = Convert.ToHexStringLower(field.Bytes.Span); break;
                    case 4: parent = Convert.ToHexStringLower(field.Bytes.Span); break;
                    case 5: name = System.Text.Encoding.UTF8.GetString(field.Bytes.Span); break;
                    case 6: kind = (int)field.Value; break;
                    case 9:
                        string key = "", value = "";
                        foreach (var kv in Fields(field.Bytes))
                        {
                            if (kv.Number == 1) key = System.Text.Encoding.UTF8.GetString(kv.Bytes.Span);
                            if (kv.Number != 2) continue;
                            foreach (var any in Fields(kv.Bytes))
                                value = any.Number switch
                                {
                                    1 => System.Text.Encoding.UTF8.GetString(any.Bytes.Span),
                                    2 => (any.Value != 0).ToString(),
                                    3 => ((long)any.Value).ToString(),
                                    _ => value,
                                };
                        }
                        attributes[key] = value;
                        break;
                }
            }
            yield return new ReceivedSpan(traceId, spanId, parent, name, kind, attributes);
        }
    }

    private readonly record struct Field(int Number, ulong Value, ReadOnlyMemory<byte> Bytes);

    /// <summary>The fields of one protobuf message: varints and fixed values as numbers, length-delimited ones as bytes.</summary>
    private static List<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var tag = Varint(span, ref at);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: fields.Add(new Field(number, Varint(span, ref at), default)); break;
                case 1: fields.Add(new Field(number, BitConverter.ToUInt64(span.Slice(at, 8)), default)); at += 8; break;
                case 5: fields.Add(new Field(number, BitConverter.ToUInt32(span.Slice(at, 4)), default)); at += 4; break;
                case 2:
                    var length = (int)Varint(span, ref at);
                    fields.Add(new Field(number, 0, message.Slice(at, length)));
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {tag & 7} at {at}");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
