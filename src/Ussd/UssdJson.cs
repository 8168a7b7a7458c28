using System.Text.Json;
using System.Text.Json.Serialization;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Ussd;

/// <summary>
/// Source-generated JSON for what every USSD hop reads and writes (the session, the resume pointer), in
/// the shape of <see cref="StateJson"/>: serializing it without reflection is a measurable part of a
/// hop (bench/README.md).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(UssdSession))]
[JsonSerializable(typeof(UssdHopHandler.ResumePointer))]
internal sealed partial class UssdJson : JsonSerializerContext
{
    public static void Register()
    {
        StateJson.UseGenerated(Default.UssdSession);
        StateJson.UseGenerated(Default.ResumePointer);
    }
}
