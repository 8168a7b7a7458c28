using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Huduma.Contact.Host.Accounts;

/// <summary>GET/POST /login (a form with an anti-forgery token), POST /logout, GET /denied.</summary>
internal static class SignInEndpoints
{
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, returnUrl, null));
        app.MapPost("/login", SignInAsync);
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
        app.MapGet("/denied", (HttpContext http, IAntiforgery antiforgery) => Results.Content(StaffPage.Document(http, antiforgery, "Not allowed",
                "<p>Your account does not have the role this page needs.</p><p><a href=\"/login\">Sign in as someone else</a></p>"),
            "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden));
    }

    // One answer for every refusal (unknown name, wrong password, locked, disabled): which names exist
    // and what state they are in is for the log, not for whoever is guessing.
    private static readonly string Refused =
        $"Wrong name or password, or the account is locked for {AccountStore.LockOut.TotalMinutes:0} minutes after {AccountStore.MaxFailedSignIns} wrong tries.";

    // Minimal APIs check the anti-forgery token of a form-bound request before this runs.
    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, AccountStore accounts, ILoggerFactory loggers,
        [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var (result, account) = await accounts.CheckAsync(name ?? "", password ?? "");
        var log = loggers.CreateLogger(typeof(SignInEndpoints));
        if (result != SignInResult.Ok)
        {
            log.LogWarning("Sign-in refused for {Name} from {Address}: {Result}", name, http.Connection.RemoteIpAddress, result);
            return Page(http, antiforgery, returnUrl, Refused, StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, account!.Name), new Claim(ClaimTypes.Role, account.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        log.LogInformation("{Name} ({Role}) signed in", account.Name, account.Role);
        // Only local return addresses: never an open redirect.
        return Results.LocalRedirect(returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") ? r : "/admin");
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = 200)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = $"""
            <form method="post" action="/login" class="stacked">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl ?? "")}">
              <label>Name <input name="name" autocomplete="username" required></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
              {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}
              <button type="submit" class="primary">Sign in</button>
            </form>
            """;
        return Results.Content(StaffPage.Document(http, antiforgery, "Sign in", body), "text/html; charset=utf-8", statusCode: status);
    }
}
