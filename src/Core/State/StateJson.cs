using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Huduma.Contact.Core.State;

/// <summary>One JSON shape for everything stored, compact because Redis memory per session counts.</summary>
public static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // Stored, never embedded in HTML: keep "+254..." as it is rather than "\u002B254...".
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) =>
        Generated<T>.Info is { } info ? JsonSerializer.Serialize(value, info) : JsonSerializer.Serialize(value, Options);
    public static T? Deserialize<T>(string json) =>
        Generated<T>.Info is { } info ? JsonSerializer.Deserialize(json, info) : JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Straight to UTF-8, as Redis stores it: no intermediate string on the hot path.</summary>
    public static byte[] SerializeToUtf8<T>(T value) =>
        Generated<T>.Info is { } info ? JsonSerializer.SerializeToUtf8Bytes(value, info) : JsonSerializer.SerializeToUtf8Bytes(value, Options);
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) =>
        Generated<T>.Info is { } info ? JsonSerializer.Deserialize(utf8, info) : JsonSerializer.Deserialize<T>(utf8, Options);

    /// <summary>
    /// A type stored on every USSD hop can bring a source-generated serializer (a JsonSerializerContext
    /// with this JSON shape), which writes without reflection. Such a context cannot keep "+" unescaped,
    /// so its phone numbers read "\u002B254…" in Redis; either form reads back the same.
    /// </summary>
    public static void UseGenerated<T>(JsonTypeInfo<T> info) => Generated<T>.Info = info;

    private static class Generated<T>
    {
        public static JsonTypeInfo<T>? Info;
    }
}
