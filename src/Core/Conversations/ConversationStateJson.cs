using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// <see cref="ConversationState"/> as JSON, read and written by hand: every hop of every channel reads
/// it, and System.Text.Json's general object reader took ~1.6 µs and 2 KB for a USSD session, most of it
/// bookkeeping for the nesting (bench/README.md). The generated reader of the one session context
/// (<see cref="State.SessionJson"/>, which uses this converter for the state) is no better there: without
/// this converter a USSD hop allocated ~600 B more (issue 24, bench/README.md). The shape is the one the
/// general serializer wrote (camelCase, defaults left out), so states already stored read back; unknown
/// properties are skipped and a null list reads as empty. A property added to the state must be added
/// here too (ConversationStateJsonTests.Every_property_of_a_state_is_stored checks).
/// </summary>
internal sealed class ConversationStateJson : JsonConverter<ConversationState>
{
    public override ConversationState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var state = new ConversationState();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, StateNames);
            reader.Read();
            switch (name)
            {
                case "lang": state.Lang = reader.GetString(); break;
                case "node": state.Node = reader.GetString() ?? ""; break;
                // Into the empty collections a new state already has, rather than new ones.
                case "back": ReadStrings(ref reader, state.Back); break;
                case "vars": ReadVars(ref reader, state.Vars); break;
                case "path": ReadStrings(ref reader, state.Path); break;
                case "wrong": state.Wrong = reader.TokenType == JsonTokenType.Null ? 0 : reader.GetInt32(); break;
                case "result": state.Result = reader.TokenType == JsonTokenType.Null ? null : Result(ref reader); break;
                case "ended": state.Ended = reader.TokenType == JsonTokenType.True; break;
                default: reader.Skip(); break;
            }
        }
        return state;
    }

    public override void Write(Utf8JsonWriter writer, ConversationState state, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (state.Lang is not null) writer.WriteString("lang"u8, state.Lang);
        writer.WriteString("node"u8, state.Node);
        WriteStrings(writer, "back"u8, state.Back);
        writer.WriteStartObject("vars"u8);
        foreach (var (key, value) in state.Vars) writer.WriteString(key, value);
        writer.WriteEndObject();
        WriteStrings(writer, "path"u8, state.Path);
        if (state.Wrong != 0) writer.WriteNumber("wrong"u8, state.Wrong);
        if (state.Result is { } result)
        {
            writer.WriteStartObject("result"u8);
            WriteStrings(writer, "lines"u8, result.Lines);
            writer.WriteStartArray("options"u8);
            foreach (var option in result.Options)
            {
                writer.WriteStartObject();
                writer.WriteString("label"u8, option.Label);
                writer.WriteString("goto"u8, option.Goto);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (result.Ends) writer.WriteBoolean("ends"u8, true);
            writer.WriteEndObject();
        }
        if (state.Ended) writer.WriteBoolean("ended"u8, true);
        writer.WriteEndObject();
    }

    private static ResultScreen Result(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var result = new ResultScreen();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref reader, ResultNames);
            reader.Read();
            switch (name)
            {
                case "lines": ReadStrings(ref reader, result.Lines); break;
                case "options": ReadOptions(ref reader, result.Options); break;
                case "ends": result.Ends = reader.TokenType == JsonTokenType.True; break;
                default: reader.Skip(); break;
            }
        }
        return result;
    }

    private static void ReadOptions(ref Utf8JsonReader reader, List<ResultOption> into)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var option = new ResultOption();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Name(ref reader, OptionNames);
                reader.Read();
                switch (name)
                {
                    case "label": option.Label = reader.GetString() ?? ""; break;
                    case "goto": option.Goto = reader.GetString() ?? ""; break;
                    default: reader.Skip(); break;
                }
            }
            into.Add(option);
        }
    }

    private static void ReadStrings(ref Utf8JsonReader reader, List<string> into)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            if (reader.GetString() is { } s) into.Add(s);
    }

    private static void ReadVars(ref Utf8JsonReader reader, Dictionary<string, string> into)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.GetString() is { } value) into[key] = value;
        }
    }

    private sealed class Names(params string[] names)
    {
        public readonly string[] Text = names;
        public readonly byte[][] Utf8 = [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
    }

    private static readonly Names StateNames = new("lang", "node", "back", "vars", "path", "wrong", "result", "ended");
    private static readonly Names ResultNames = new("lines", "options", "ends");
    private static readonly Names OptionNames = new("label", "goto");

    /// <summary>Which of the known names the property is (any case, as the web defaults read), else null.</summary>
    private static string? Name(ref Utf8JsonReader reader, Names known)
    {
        // Compared as UTF-8 first: no string made for the names this converter writes.
        for (var i = 0; i < known.Utf8.Length; i++)
            if (reader.ValueTextEquals(known.Utf8[i])) return known.Text[i];
        var other = reader.GetString();
        foreach (var name in known.Text)
            if (string.Equals(name, other, StringComparison.OrdinalIgnoreCase)) return name;
        return null;
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, List<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token) throw new JsonException($"expected {token} but found {reader.TokenType}");
    }
}
