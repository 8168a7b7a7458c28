using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Huduma.Contact.Host.Accounts;

/// <summary>
/// A staff cookie is good for 10 hours, but it counts only while its account does: every signed-in request reads
/// the account (one store read), and a cookie whose account is gone, disabled, or holds another role now is
/// refused and cleared, so a disabled agent stops seeing citizens' data at once, not at the cookie's end. The
/// store unreachable: the cookie stands (logged), as every staff page then fails on its own reads anyway.
/// </summary>
internal sealed class StaffSessionCheck(AccountStore accounts, ILogger<StaffSessionCheck> logger)
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        Account? account;
        try { account = name is null ? null : await accounts.GetAsync(name, context.HttpContext.RequestAborted); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read {Name}'s account to check the sign-in: the cookie stands for this request", name);
            return;
        }
        if (Refusal(account, role) is not { } refusal) return;

        logger.LogInformation("Signed {Name} out: the account is {State}", name, refusal);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Why a sign-in with <paramref name="role"/> no longer counts ("gone", "disabled", "now admin, not agent"), or null
    /// while it does. The consoles' open feeds are held to the same rule (<see cref="Agents.ConsoleSignOuts"/>).
    /// </summary>
    public static string? Refusal(Account? account, string? role) =>
        account is null ? "gone" : account.Disabled ? "disabled" : account.Role != role ? $"now {account.Role}, not {role}" : null;
}
