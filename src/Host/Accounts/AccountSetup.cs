using System.Security.Cryptography;
using Huduma.Contact.Host.Wiring;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Accounts;

/// <summary>
/// Staff sign-in: cookie authentication, a policy per role, anti-forgery tokens on forms and on the
/// consoles' API calls. With Redis the data-protection keys live there too, so a cookie made by one host
/// is read by every other.
/// </summary>
internal static class AccountSetup
{
    public const string AgentPolicy = "agent", SupervisorPolicy = "supervisor", AdminPolicy = "admin";

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AccountStore>();
        // Agents join chats under their accounts' display names (registered last, so it wins over the Bot's default).
        services.AddSingleton<Huduma.Contact.Bot.Handoff.IAgentNames, AccountAgentNames>();
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.AccessDeniedPath = "/denied";
            cookie.Cookie.Name = "huduma.staff";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;
            // An API call without a session gets 401/403, not a redirect to a page it cannot show.
            cookie.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<StaffSessionCheck>().ValidateAsync(context);
        });
        services.AddSingleton<StaffSessionCheck>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AgentPolicy, p => p.RequireRole(Roles.AtLeast(Roles.Agent)))
            .AddPolicy(SupervisorPolicy, p => p.RequireRole(Roles.AtLeast(Roles.Supervisor)))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.AtLeast(Roles.Admin)));
        services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");

        var protection = services.AddDataProtection().SetApplicationName("huduma-contact");
        if (StoreRegistration.UsesRedis(configuration))
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>().Configure<IConnectionMultiplexer>((keys, redis) =>
                keys.XmlRepository = new Microsoft.AspNetCore.DataProtection.StackExchangeRedis.RedisXmlRepository(
                    () => redis.GetDatabase(), "huduma:dataprotection-keys"));
        else services.AddHostedService<DemoAccounts>();
        return services;
    }

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/admin/api") || context.Request.Path.StartsWithSegments("/agents/api")
            || context.Request.Path.StartsWithSegments("/agents/hub")
            || context.Request.Headers.Accept.ToString().Contains("application/json"))
            context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static void UseStaffAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapSignIn();
    }

    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
}

/// <summary>
/// The embedded default's demo accounts, one per role with fresh random passwords, printed at start-up
/// so a newcomer can sign in at once. Never made when Redis is configured (a real deployment).
/// </summary>
internal sealed class DemoAccounts(AccountStore accounts, ILogger<DemoAccounts> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            var password = AccountSetup.NewPassword();
            await accounts.SaveAsync($"demo-{role}", role, password, ct: cancellationToken);
            logger.LogInformation("Demo account (embedded default only): {Name} / {Password} ({Role})", $"demo-{role}", password, role);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
