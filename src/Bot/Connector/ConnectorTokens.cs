using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Huduma.Contact.Bot.Connector;

/// <summary>
/// The bot's own bearer token for posting replies to a channel: client credentials (app id and
/// password) at Bot:TokenEndpoint, kept until five minutes before it expires. None in open mode.
/// </summary>
internal sealed class ConnectorTokens(BotConnectorOptions options, IHttpClientFactory http, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? _current;

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    public async Task<string?> GetAsync(CancellationToken ct)
    {
        if (options.IsOpen) return null;
        if (_current is { } fresh && fresh.Until > clock.GetUtcNow()) return fresh.Token;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.Until > clock.GetUtcNow()) return again.Token;
            using var response = await http.CreateClient(ConnectorChannel.HttpClientName).PostAsync(options.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = options.MicrosoftAppId,
                ["client_secret"] = options.MicrosoftAppPassword, ["scope"] = options.TokenScope,
            }), ct);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
            if (token?.AccessToken is not { Length: > 0 } access) throw new HttpRequestException("the token endpoint answered without an access_token");
            _current = (access, clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(60, token.ExpiresIn)) - TimeSpan.FromMinutes(5));
            return access;
        }
        finally { _gate.Release(); }
    }
}
