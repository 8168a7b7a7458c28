using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Huduma.Contact.Voice;

/// <summary>GET /voice/audio/{file}: the prompts' audio, fetched by the providers (and the simulator). Nothing personal is in them.</summary>
public static partial class VoiceAudioEndpoint
{
    [GeneratedRegex("^[0-9a-f]{20}\\.wav$")]
    private static partial Regex FileName();

    public static void MapVoiceAudio(this IEndpointRouteBuilder app) =>
        app.MapGet(VoiceAudio.UrlPath + "/{file}", (string file, VoiceAudio audio) =>
        {
            if (!FileName().IsMatch(file)) return Results.NotFound();
            var path = Path.Combine(audio.Directory, file);
            return File.Exists(path) ? Results.File(path, "audio/wav", enableRangeProcessing: true) : Results.NotFound();
        });
}
