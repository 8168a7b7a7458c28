using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Huduma.Contact.Core.State;

/// <summary>
/// One JSON shape for everything stored, compact because Redis memory per session counts. Sessions (the
/// types of <see cref="SessionJson"/>) always go through that generated context; any other stored value
/// (documents, tickets, accounts, outbox entries) through <see cref="Options"/>.
/// </summary>
internal static class StateJson
{
    /// <summary>For stored values other than sessions: web names, defaults left out, enums as names.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // Stored, never embedded in HTML: keep "+254..." as it is rather than "\u002B254...".
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Stored<T>.Info);
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Stored<T>.Info);

    /// <summary>Straight to UTF-8, as Redis stores it: no intermediate string on the hot path.</summary>
    public static byte[] SerializeToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Stored<T>.Info);
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, Stored<T>.Info);

    /// <summary>How <typeparamref name="T"/> is stored: the session context's, for a session.</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>() => Stored<T>.Info;

    private static class Stored<T>
    {
        // Decided once per type, from the type alone: the same on every host, however it was started.
        public static readonly JsonTypeInfo<T> Info = SessionJson.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T> ?? General();

        // The reflection-based default, only for what is not a session (and an error where reflection is
        // switched off, as in Ussd.Tests).
        private static JsonTypeInfo<T> General()
        {
            Options.MakeReadOnly(populateMissingResolver: true);
            return (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
        }
    }
}
