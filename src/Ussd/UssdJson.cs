using System.Text.Json;
using System.Text.Json.Serialization;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Ussd;

/// <summary>
/// Source-generated JSON for what every USSD hop reads and writes (the session), in
/// the shape of <see cref="StateJson"/>: serializing it without reflection is a measurable part of a
/// hop (bench/README.md).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(UssdSession))]
internal sealed partial class UssdJson : JsonSerializerContext
{
    public static void Register() => StateJson.UseGenerated(Default.UssdSession);
}
