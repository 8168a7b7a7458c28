using System.Collections.Concurrent;
using System.Security.Claims;
using Huduma.Contact.Host.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// Closes the console feeds (<see cref="AgentHub"/> connections) of an account that no longer counts. The cookie is
/// checked only when a feed connects, and the feed pushes citizens' tickets, so the feed of an agent disabled, removed
/// or given another role (<see cref="StaffSessionCheck.Refusal"/>) is closed by the server: at once on the host where
/// an admin made the change (<see cref="RecheckAsync"/>), and on every host within
/// <see cref="ConsoleSignOutOptions.AccountCheckInterval"/>, which re-reads the accounts of the feeds open on it. Each
/// host only ever closes its own connections, so a change made through another host needs no message between hosts.
/// </summary>
internal sealed class ConsoleSignOuts(AccountStore accounts, ConsoleSignOutOptions options, TimeProvider clock, ILogger<ConsoleSignOuts> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(); // connection id → connection

    public void Opened(HubCallerContext connection) => _open[connection.ConnectionId] = connection;

    public void Closed(HubCallerContext connection) => _open.TryRemove(connection.ConnectionId, out _);

    /// <summary>An admin changed <paramref name="name"/>'s account: its feeds open here close now if it no longer counts.</summary>
    public async Task RecheckAsync(string name, CancellationToken ct) => Close(name, await accounts.GetAsync(name, ct));

    public async Task RecheckAllAsync(CancellationToken ct)
    {
        var names = _open.Values.Select(Name).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var read = await Task.WhenAll(names.Select(async name => (name, await accounts.GetAsync(name, ct))));
        foreach (var (name, account) in read) Close(name, account);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AccountCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await RecheckAllAsync(stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // As with a cookie (StaffSessionCheck): the store unreachable, the feeds stand until a read succeeds.
                    logger.LogWarning(e, "Could not re-read the accounts of the consoles open here; trying again in {Interval}", options.AccountCheckInterval);
                }
            }
        }
        catch (OperationCanceledException) { } // stopping
    }

    private void Close(string name, Account? account)
    {
        foreach (var connection in _open.Values.Where(c => string.Equals(Name(c), name, StringComparison.OrdinalIgnoreCase)))
        {
            if (StaffSessionCheck.Refusal(account, connection.User?.FindFirstValue(ClaimTypes.Role)) is not { } refusal) continue;
            logger.LogInformation("Closed {Name}'s console feed {Connection}: the account is {State}", name, connection.ConnectionId, refusal);
            connection.Abort();
        }
    }

    private static string? Name(HubCallerContext connection) => connection.User?.Identity?.Name;
}
