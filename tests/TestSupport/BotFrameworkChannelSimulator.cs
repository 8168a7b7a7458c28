using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// The Bot Framework on loopback, as docs/protocols/botframework.md describes it: the OpenID metadata and
/// its signing keys (a key made for the test run), the token endpoint the bot gets its own token from
/// (client credentials), and a channel's connector that takes replies at
/// /v3/conversations/{id}/activities[/{replyToId}]. It signs the JWTs a channel would send.
/// </summary>
public sealed class BotFrameworkChannelSimulator : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "2c6a6b8e-1919-4c6b-9a57-huduma-test";
    public const string AppPassword = "bot-app-password";
    public const string BotToken = "bot-token-from-simulator";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "channel-key-1" };

    public string BaseUrl { get; }
    public string MetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string TokenEndpoint => BaseUrl + "/oauth2/token";
    /// <summary>The replies the bot posted: path, Authorization header and body.</summary>
    public ConcurrentQueue<(string Path, string? Authorization, JsonElement Activity)> Received { get; } = new();
    public int TokenRequests;

    private BotFrameworkChannelSimulator(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<BotFrameworkChannelSimulator> StartAsync()
    {
        var port = RedisServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var simulator = new BotFrameworkChannelSimulator(app, $"http://127.0.0.1:{port}");
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["authorization_endpoint"] = simulator.BaseUrl + "/authorize",
            ["jwks_uri"] = simulator.BaseUrl + "/v1/.well-known/keys", ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(simulator._key.Rsa.ExportParameters(false)) { KeyId = simulator._key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapPost("/oauth2/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref simulator.TokenRequests);
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["client_secret"] != AppPassword)
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = BotToken });
        });
        app.MapPost("/v3/conversations/{conversation}/activities/{**rest}", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            simulator.Received.Enqueue((request.Path.ToString(), request.Headers.Authorization.FirstOrDefault(), body));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        return simulator;
    }

    /// <summary>A channel's token: signed with the published key unless <paramref name="signWith"/> says otherwise.</summary>
    public string Sign(string serviceUrl, string audience = AppId, DateTime? expires = null, SecurityKey? signWith = null, string issuer = Issuer)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, Expires = expiry, NotBefore = expiry.AddHours(-1), IssuedAt = expiry.AddHours(-1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(signWith ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A key the metadata does not publish, with the published key's id: a forged signature.</summary>
    public SecurityKey ForgedKey() => new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId };

    public async Task<IReadOnlyList<(string Path, string? Authorization, JsonElement Activity)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Received.Count < count && DateTime.UtcNow < until) await Task.Delay(20);
        return Received.ToArray();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
