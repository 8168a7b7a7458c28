using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>A browser-like client for the staff pages: keeps cookies, signs in through the real form.</summary>
public sealed class StaffClient(HttpClient client)
{
    public HttpClient Http => client;

    public static StaffClient Create(WebApplicationFactory<Program> host) =>
        new(host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));

    /// <summary>The anti-forgery field of a page's form.</summary>
    public async Task<(string Field, string Token)> FormTokenAsync(string path = "/login")
    {
        var html = await client.GetStringAsync(path);
        var match = Regex.Match(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">");
        Assert.True(match.Success, "no anti-forgery field on " + path);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string? returnUrl = null)
    {
        var (field, token) = await FormTokenAsync();
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field] = token, ["name"] = name, ["password"] = password, ["returnUrl"] = returnUrl ?? "",
        }));
    }

    /// <summary>The token the admin page sends in X-CSRF-TOKEN.</summary>
    public async Task<string> CsrfAsync() => (await client.GetFromJsonAsync<CsrfToken>("/admin/api/csrf"))!.Token;

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (csrf is not null) request.Headers.Add("X-CSRF-TOKEN", csrf);
        return await client.SendAsync(request);
    }

    private sealed record CsrfToken(string Token);
}
