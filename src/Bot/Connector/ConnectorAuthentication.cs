using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Huduma.Contact.Bot.Connector;

/// <summary>
/// Checks the JWT a Bot Framework channel sends with each activity (docs/protocols/botframework.md):
/// signed by a key from the OpenID metadata's jwks_uri, issuer api.botframework.com, audience our app id,
/// within its lifetime (5 minutes of skew), and its serviceurl claim naming the activity's serviceUrl —
/// so nobody can make the bot post replies to an address of their choosing.
/// </summary>
internal sealed class ConnectorAuthentication
{
    private readonly BotConnectorOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public ConnectorAuthentication(BotConnectorOptions options, IHttpClientFactory http)
    {
        _options = options;
        var metadata = new Uri(options.OpenIdMetadataUrl);
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(options.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(),
            // Plain http only for a metadata endpoint on this machine (tests, a local emulator of the channel).
            new HttpDocumentRetriever(http.CreateClient(nameof(ConnectorAuthentication))) { RequireHttps = !metadata.IsLoopback });
    }

    /// <summary>Null when the request may go on; otherwise why it may not.</summary>
    public async Task<string?> RefuseAsync(string? authorization, string? serviceUrl, CancellationToken ct)
    {
        if (_options.IsOpen) return null;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return "a Bearer token is required";
        var token = authorization["Bearer ".Length..].Trim();
        var result = await ValidateAsync(token, ct);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key we have not seen: the channel may have rolled its keys; look again once.
            _metadata.RequestRefresh();
            result = await ValidateAsync(token, ct);
        }
        if (!result.IsValid) return $"invalid token: {result.Exception?.GetType().Name ?? "refused"}";
        var claimed = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        if (claimed is null || serviceUrl is null || !SameServiceUrl(claimed, serviceUrl)) return "the token's serviceurl does not match the activity's serviceUrl";
        return null;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken ct)
    {
        OpenIdConnectConfiguration configuration;
        try { configuration = await _metadata.GetConfigurationAsync(ct); }
        catch (InvalidOperationException e) { return new TokenValidationResult { IsValid = false, Exception = e }; }
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer, ValidAudience = _options.MicrosoftAppId, IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true, RequireSignedTokens = true, RequireExpirationTime = true, ValidateLifetime = true,
            ClockSkew = _options.ClockSkew,
        });
    }

    private static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
