using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huduma.Contact.Core.State;

/// <summary>
/// A stored list of strings (a document's phones) read and written by hand, as the same JSON array. System.Text.Json's
/// general reader keeps a stack of frames for anything nested, allocated afresh by each read that meets a nested value
/// (~500 B); with this converter a document reads as one flat object, and a status lookup reads its document on two
/// hops of a session (bench/README.md, session 14).
/// </summary>
internal sealed class StringListJson : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array but found {reader.TokenType}");
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(reader.GetString()!);
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}
