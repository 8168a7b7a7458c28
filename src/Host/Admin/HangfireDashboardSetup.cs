using Hangfire;
using Hangfire.Dashboard;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Admin;

/// <summary>Hangfire's dashboard at /hangfire, for signed-in admins only.</summary>
internal static class HangfireDashboardSetup
{
    public static void MapHangfireDashboardForAdmins(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminsOnly()],
            AppPath = "/admin",
            DashboardTitle = "Huduma Contact: background jobs",
        }).RequireAuthorization(AccountSetup.AdminPolicy);

    private sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User is { } user && Roles.AtLeast(Roles.Admin).Any(user.IsInRole);
    }
}
