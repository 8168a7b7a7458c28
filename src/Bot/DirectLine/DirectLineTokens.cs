using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// Tokens the host signs itself: "dl1.{payload}.{signature}", the payload naming one conversation and an
/// expiry, HMAC-SHA256 under a key derived from DirectLine:Secret (so every host verifies every other's
/// tokens). With no secret (the embedded default) the key is random per process.
/// </summary>
internal sealed class DirectLineTokens(DirectLineOptions options, TimeProvider clock)
{
    private readonly byte[] _key = options.IsOpen
        ? RandomNumberGenerator.GetBytes(32)
        : HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Secret), "huduma directline tokens"u8.ToArray());

    private sealed record Payload(string C, long E);

    public string Issue(string conversationId)
    {
        var payload = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(
            new Payload(conversationId, (clock.GetUtcNow() + options.TokenLifetime).ToUnixTimeSeconds())));
        return $"dl1.{payload}.{Sign(payload)}";
    }

    /// <summary>The conversation a token is for, or null when it is forged, malformed or expired.</summary>
    public string? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts is not ["dl1", var payload, var signature]) return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(signature))) return null;
        try
        {
            var p = JsonSerializer.Deserialize<Payload>(WebEncoders.Base64UrlDecode(payload));
            return p is not null && p.E > clock.GetUtcNow().ToUnixTimeSeconds() ? p.C : null;
        }
        catch (Exception e) when (e is JsonException or FormatException) { return null; }
    }

    public bool IsSecret(string credential) => !options.IsOpen
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(credential)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Secret)));

    private string Sign(string payload) => WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
}
