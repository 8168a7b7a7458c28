using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>Activities as Bot Framework writes them: camelCase, nulls left out.</summary>
internal static class DirectLineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
