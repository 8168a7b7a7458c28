using System.Buffers;
using System.Text.Json;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// An ActivitySet as the log stores it: each activity's JSON as written. Streams and polls send it on
/// as it is, without reading every activity into objects and writing it out again.
/// </summary>
internal sealed record RawActivitySet(IReadOnlyList<string> Activities, int Watermark)
{
    /// <summary>{"activities":[…],"watermark":"N"}: the wire format of GET …/activities and of the stream.</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Activities.Sum(a => a.Length));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var activity in Activities) writer.WriteRawValue(activity, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteString("watermark", Watermark.ToString());
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public ActivitySet Parse() =>
        new(Activities.Select(a => JsonSerializer.Deserialize<Activity>(a, DirectLineJson.Options)!).ToList(), Watermark.ToString());
}
