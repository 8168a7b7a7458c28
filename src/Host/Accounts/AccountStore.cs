using System.Text.RegularExpressions;
using Huduma.Contact.Core.State;
using Microsoft.AspNetCore.Identity;

namespace Huduma.Contact.Host.Accounts;

public enum SignInResult { Ok, Wrong, LockedOut, Disabled }

/// <summary>
/// Staff accounts on the state store: passwords hashed by ASP.NET Core's <see cref="PasswordHasher{TUser}"/>,
/// an account locked for a quarter of an hour after five wrong passwords in a row.
/// </summary>
public sealed partial class AccountStore(IStateStore store, TimeProvider clock, ILogger<AccountStore> logger)
{
    public const int MaxFailedSignIns = 5;
    public const int MinPasswordLength = 12;
    public const int MaxDisplayNameLength = 60;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    private const string IndexKey = "accounts:index";
    private readonly PasswordHasher<Account> _hasher = new();

    private sealed class Index
    {
        public List<string> Names { get; set; } = [];
    }

    private static string Key(string name) => $"account:{name}";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,39}$")]
    private static partial Regex NamePattern();

    public Task<Account?> GetAsync(string name, CancellationToken ct = default) => store.GetAsync<Account>(Key(name.ToLowerInvariant()), ct);

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default)
    {
        var index = await store.GetAsync<Index>(IndexKey, ct) ?? new Index();
        var accounts = await Task.WhenAll(index.Names.Select(n => GetAsync(n, ct)));
        return accounts.OfType<Account>().OrderBy(a => a.Name).ToList();
    }

    /// <summary>
    /// Creates an account, or changes its role and password if it exists. <paramref name="displayName"/>:
    /// the name citizens see when this agent joins a chat; null or blank keeps the one it has (none: the account name).
    /// </summary>
    public async Task<Account> SaveAsync(string name, string role, string password, string? displayName = null, CancellationToken ct = default)
    {
        name = name.Trim().ToLowerInvariant();
        displayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        if (!NamePattern().IsMatch(name)) throw new ArgumentException("an account name is 2-40 lower-case letters, digits, '.', '_' or '-'");
        if (!Roles.All.Contains(role)) throw new ArgumentException($"the role must be one of {string.Join(", ", Roles.All)}");
        if (password.Length < MinPasswordLength) throw new ArgumentException($"a password needs at least {MinPasswordLength} characters");
        if (displayName?.Length > MaxDisplayNameLength) throw new ArgumentException($"a display name is at most {MaxDisplayNameLength} characters");
        var account = await GetAsync(name, ct) ?? new Account { Name = name, CreatedAt = clock.GetUtcNow() };
        account.Role = role;
        if (displayName is not null) account.DisplayName = displayName;
        account.PasswordHash = _hasher.HashPassword(account, password);
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await store.SetAsync(Key(name), account, null, ct);
        var index = await store.GetAsync<Index>(IndexKey, ct) ?? new Index();
        if (!index.Names.Contains(name))
        {
            index.Names.Add(name);
            await store.SetAsync(IndexKey, index, null, ct);
        }
        return account;
    }

    public async Task SetDisabledAsync(string name, bool disabled, CancellationToken ct = default)
    {
        var account = await GetAsync(name, ct) ?? throw new KeyNotFoundException($"no account '{name}'");
        account.Disabled = disabled;
        await store.SetAsync(Key(account.Name), account, null, ct);
    }

    public async Task<(SignInResult Result, Account? Account)> CheckAsync(string name, string password, CancellationToken ct = default)
    {
        var account = await GetAsync(name.Trim(), ct);
        if (account is null)
        {
            // The same work as a real check, so timing does not tell which names exist.
            _hasher.VerifyHashedPassword(new Account(), DummyHash.Value, password);
            return (SignInResult.Wrong, null);
        }
        var now = clock.GetUtcNow();
        if (account.Disabled) return (SignInResult.Disabled, account);
        if (account.LockedUntil > now) return (SignInResult.LockedOut, account);
        if (_hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            if (account.FailedSignIns >= MaxFailedSignIns)
            {
                account.LockedUntil = now + LockOut;
                account.FailedSignIns = 0;
                logger.LogWarning("Account {Name} locked for {Minutes} minutes after {Count} wrong passwords", account.Name, LockOut.TotalMinutes, MaxFailedSignIns);
            }
            await store.SetAsync(Key(account.Name), account, null, ct);
            return (account.LockedUntil > now ? SignInResult.LockedOut : SignInResult.Wrong, account);
        }
        if (account.FailedSignIns > 0 || account.LockedUntil is not null)
        {
            account.FailedSignIns = 0;
            account.LockedUntil = null;
            await store.SetAsync(Key(account.Name), account, null, ct);
        }
        return (SignInResult.Ok, account);
    }

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));
}
