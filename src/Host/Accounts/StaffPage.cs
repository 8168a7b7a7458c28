using System.Net;
using Huduma.Contact.Host.Wiring;
using Microsoft.AspNetCore.Antiforgery;

namespace Huduma.Contact.Host.Accounts;

/// <summary>
/// The header every staff page shares, made in this one place: "Huduma 1919" and the page's name, the staff
/// pages the signed-in role may open (the current one marked aria-current), who is signed in, and Sign out
/// (with its anti-forgery token filled in). A page's HTML file holds <see cref="Slot"/> where the header goes;
/// /login and /denied are made whole here (<see cref="Document"/>). The look is /staff.css.
/// </summary>
internal static class StaffPage
{
    public const string Slot = "<!--staff-header-->";

    private sealed record Link(string Path, string Label, string? Role);

    // A role sees the pages its policy allows (Roles.AtLeast); the simulator, when it runs, is for every one.
    private static readonly Link[] Pages =
    [
        new("/agents", "Console", Roles.Agent), new("/agents/dashboard", "Dashboard", Roles.Supervisor),
        new("/admin", "Admin", Roles.Admin), new("/simulator", "Simulator", null),
    ];

    /// <summary>GET <paramref name="path"/>: the HTML file with the header in its slot, for the role's policy.</summary>
    public static RouteHandlerBuilder MapStaffPage(this IEndpointRouteBuilder app, string path, string file, string name, string policy)
    {
        var html = File.ReadAllText(file);
        if (!html.Contains(Slot)) throw new InvalidOperationException($"{file} has no {Slot}");
        return app.MapStaffPage(path, () => html, name).RequireAuthorization(policy);
    }

    /// <summary>
    /// GET <paramref name="path"/> for anyone (the simulator): <paramref name="html"/> (null: 404) with the header
    /// in its slot; a signed-in member of staff gets the nav too.
    /// </summary>
    public static RouteHandlerBuilder MapStaffPage(this IEndpointRouteBuilder app, string path, Func<string?> html, string name) =>
        app.MapGet(path, (HttpContext http, IAntiforgery antiforgery) => html() is { } page
            ? Results.Content(page.Replace(Slot, Header(http, antiforgery, name, path)), "text/html; charset=utf-8")
            : Results.NotFound());

    /// <summary>A whole page of the header and <paramref name="body"/> (already HTML), for pages without a file of their own.</summary>
    public static string Document(HttpContext http, IAntiforgery antiforgery, string name, string body) => $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(name)} - Huduma Contact</title><link rel="stylesheet" href="/staff.css"></head>
        <body>{Header(http, antiforgery, name, http.Request.Path)}
        <main id="main" tabindex="-1" class="narrow"><div class="card">{body}</div></main></body></html>
        """;

    public static string Header(HttpContext http, IAntiforgery antiforgery, string name, string? current)
    {
        var title = $"""<h1 class="staff-title"><span class="staff-brand">Huduma 1919</span> <span class="staff-page">{WebUtility.HtmlEncode(name)}</span></h1>""";
        var skip = """<a class="skip-link" href="#main">Skip to content</a>""";
        if (http.User.Identity is not { IsAuthenticated: true, Name: { } who })
            return $"""{skip}<header class="staff-header">{title}</header>""";

        var simulator = http.RequestServices.GetService<SimulatorOptions>()?.Enabled == true;
        var links = Pages
            .Where(p => p.Role is null ? simulator : Roles.AtLeast(p.Role).Any(http.User.IsInRole))
            .Select(p => $"""<li><a href="{p.Path}"{(p.Path == current ? " aria-current=\"page\"" : "")}>{p.Label}</a></li>""");
        var token = antiforgery.GetAndStoreTokens(http);
        return $"""
            {skip}<header class="staff-header">{title}
              <nav aria-label="Staff pages"><ul>{string.Concat(links)}</ul></nav>
              <p class="staff-who">Signed in as <strong id="who">{WebUtility.HtmlEncode(who)}</strong></p>
              <form method="post" action="/logout" id="logout"><input type="hidden" name="{token.FormFieldName}" value="{token.RequestToken}"><button type="submit" class="secondary">Sign out</button></form>
            </header>
            """;
    }
}
