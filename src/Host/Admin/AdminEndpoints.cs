using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Huduma.Contact.Host.Admin;

/// <summary>
/// /admin (admin role): the register import with progress, the reminder queue and the reminders whose
/// fate is unknown, staff accounts. The page is static HTML and JavaScript calling /admin/api; every
/// change needs the anti-forgery token the page fetches from /admin/api/csrf.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapAdmin(this WebApplication app)
    {
        app.MapStaffPage("/admin", Path.Combine(AppContext.BaseDirectory, "Admin", "admin.html"), "Admin", AccountSetup.AdminPolicy);

        var api = app.MapGroup("/admin/api").RequireAuthorization(AccountSetup.AdminPolicy).AddEndpointFilter<CsrfFilter>();
        api.MapGet("/csrf", (HttpContext http, IAntiforgery antiforgery) => Results.Ok(new { token = antiforgery.GetAndStoreTokens(http).RequestToken }));
        api.MapGet("/whoami", (HttpContext http) => Results.Ok(new { name = http.User.Identity?.Name }));

        api.MapPost("/imports", async (HttpContext http, ImportJobs jobs, IFormFile file, [FromForm] bool? dryRun, CancellationToken ct) =>
        {
            if (file.Length == 0) return Results.Problem("the file is empty", statusCode: 400);
            return Results.Ok(await jobs.StartAsync(file, dryRun == true, Who(http), ct));
        }).DisableAntiforgery(); // checked by CsrfFilter like every other change, from the header the page sends
        api.MapGet("/imports/{id}", async (string id, ImportJobs jobs, CancellationToken ct) =>
            await jobs.GetAsync(id, ct) is { } status ? Results.Ok(status) : Results.NotFound());

        api.MapGet("/reminders", async (IReminderStore store, HeldReminders held, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(new { queue = await store.CountAsync(clock.GetUtcNow(), ct), held = await held.ListAsync(200, ct) }));
        api.MapPost("/reminders/held/{member}/resend", async (string member, HttpContext http, HeldReminders held, CancellationToken ct) =>
            await held.ResendAsync(member, Who(http), ct) ? Results.Ok() : Results.NotFound());
        api.MapPost("/reminders/held/{member}/sent", async (string member, HttpContext http, HeldReminders held, CancellationToken ct) =>
            await held.SettleAsSentAsync(member, Who(http), ct) ? Results.Ok() : Results.NotFound());

        api.MapGet("/content", (Huduma.Contact.Core.Content.ContentBundle content) => Results.Ok(new
        {
            centres = content.Centres.Select(c => new { c.Id, c.Name }),
            documents = content.Documents.Select(d => new { d.Id, name = d.Name?[Huduma.Contact.Core.Content.Language.En] ?? d.Id }),
        }));
        // The IVR's prompts: how many have audio, and how many of those are synthetic (espeak-ng) rather than recorded.
        api.MapGet("/voice-audio", (Huduma.Contact.Core.Content.ContentBundle content, Huduma.Contact.Voice.VoiceAudio audio) =>
        {
            var files = audio.All().ToDictionary(p => (p.Language, p.Text));
            var sentences = Huduma.Contact.Voice.VoiceSentences.All(content);
            var found = sentences.Select(s => files.GetValueOrDefault((s.Language.Code(), s.Text))).ToList();
            return Results.Ok(new
            {
                directory = audio.Directory, sentences = sentences.Count, synthetic = found.Count(f => f is { Synthetic: true }),
                recorded = found.Count(f => f is { Synthetic: false }), missing = found.Count(f => f is null),
                prompts = sentences.Zip(found, (s, f) => new { language = s.Language.Code(), s.Text, file = f?.File, synthetic = f?.Synthetic }).Take(2000),
            });
        });
        api.MapGet("/campaigns", async (Campaigns campaigns, CancellationToken ct) => Results.Ok(await campaigns.ListAsync(30, ct)));
        api.MapPost("/campaigns", async (NewCampaign request, Campaigns campaigns, HttpContext http, CancellationToken ct) =>
        {
            Campaign campaign;
            try
            {
                campaign = await campaigns.CreateAsync(new CampaignCriteria(request.Name ?? "", request.ReadyForAtLeastDays ?? -1,
                    request.Centres ?? [], request.DocumentTypes ?? []), Who(http), ct);
            }
            catch (ArgumentException e) { return Results.Problem(e.Message, statusCode: 400); }
            // Selecting scans the whole register: it runs on after the answer, and the page polls.
            _ = Task.Run(() => campaigns.SelectAsync(campaign, CancellationToken.None));
            return Results.Ok(campaign);
        });

        api.MapGet("/accounts", async (AccountStore accounts, CancellationToken ct) =>
            Results.Ok(await Task.WhenAll((await accounts.ListAsync(ct)).Select(async a =>
                new { a.Name, a.DisplayName, a.Role, a.Languages, a.Disabled, locked = await accounts.LockedUntilAsync(a.Name, ct) }))));
        api.MapPost("/accounts", async (NewAccount request, AccountStore accounts, ConsoleSignOuts signOuts, HttpContext http, ILoggerFactory loggers, CancellationToken ct) =>
        {
            try
            {
                var account = await accounts.SaveAsync(request.Name ?? "", request.Role ?? "", request.Password ?? "", request.DisplayName, ct);
                if (request.Languages is { } languages) account = await accounts.SetLanguagesAsync(account.Name, languages, ct);
                // Given another role, its sign-in no longer counts (StaffSessionCheck), nor do its open console feeds here.
                await signOuts.RecheckAsync(account.Name, ct);
                loggers.CreateLogger(typeof(AdminEndpoints)).LogInformation("{By} saved account {Name} ({Role})", Who(http), account.Name, account.Role);
                return Results.Ok(new { account.Name, account.DisplayName, account.Role, account.Languages });
            }
            catch (ArgumentException e) { return Results.Problem(e.Message, statusCode: 400); }
        });
        // The languages an agent works in, changed on their own (no password needed): {"languages": ["en", "sw"]}.
        api.MapPost("/accounts/{name}/languages", async (string name, AccountLanguages request, AccountStore accounts, HttpContext http,
            ILoggerFactory loggers, CancellationToken ct) =>
        {
            try
            {
                var account = await accounts.SetLanguagesAsync(name, request.Languages ?? [], ct);
                loggers.CreateLogger(typeof(AdminEndpoints)).LogInformation("{By} set the languages of {Name} to {Languages}", Who(http), account.Name, account.Languages);
                return Results.Ok(new { account.Name, account.Languages });
            }
            catch (KeyNotFoundException) { return Results.NotFound(); }
            catch (ArgumentException e) { return Results.Problem(e.Message, statusCode: 400); }
        });
        api.MapPost("/accounts/{name}/disabled/{disabled:bool}", async (string name, bool disabled, AccountStore accounts, ConsolePresence consoles,
            ConsoleSignOuts signOuts, HttpContext http, ILoggerFactory loggers, CancellationToken ct) =>
        {
            try { await accounts.SetDisabledAsync(name, disabled, ct); }
            catch (KeyNotFoundException) { return Results.NotFound(); }
            if (disabled)
            {
                // Their console feed open here closes now (on other hosts at their next check), so they stop seeing citizens'
                // tickets; they are not offered another, and what is offered to them now goes to someone who can take it.
                var account = name.Trim().ToLowerInvariant();
                await signOuts.RecheckAsync(account, ct);
                await consoles.AccountDisabledAsync(account, ct);
            }
            loggers.CreateLogger(typeof(AdminEndpoints)).LogInformation("{By} {Action} account {Name}", Who(http), disabled ? "disabled" : "enabled", name);
            return Results.Ok();
        });
    }

    public sealed record NewAccount(string? Name, string? Role, string? Password, string? DisplayName = null, string[]? Languages = null);
    public sealed record AccountLanguages(string[]? Languages);
    public sealed record NewCampaign(string? Name, int? ReadyForAtLeastDays, string[]? Centres, string[]? DocumentTypes);

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "?";

    /// <summary>Every change through the console's API carries the anti-forgery token in a header (X-CSRF-TOKEN).</summary>
}
