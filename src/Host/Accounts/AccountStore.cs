using System.Text.RegularExpressions;
using Huduma.Contact.Core.State;
using Microsoft.AspNetCore.Identity;

namespace Huduma.Contact.Host.Accounts;

/// <summary>What a sign-in came to. Only the log tells the refusals apart; the caller sees one answer.</summary>
internal enum SignInResult { Ok, Wrong, UnknownName, LockedOut, Disabled }

/// <summary>
/// Staff accounts on the state store: passwords hashed by ASP.NET Core's <see cref="PasswordHasher{TUser}"/>,
/// a name locked for a quarter of an hour after five wrong passwords in a row
/// (signin:failures:{name} counts them, signin:locked:{name} is the lock).
/// </summary>
internal sealed partial class AccountStore(IStateStore store, TimeProvider clock, IPasswordHasher<Account> hasher, ILogger<AccountStore> logger)
{
    public const int MaxFailedSignIns = 5;
    public const int MinPasswordLength = 12;
    public const int MaxDisplayNameLength = 60;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    private const string IndexKey = "accounts:index";

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
        account.PasswordHash = hasher.HashPassword(account, password);
        await store.SetAsync(Key(name), account, null, ct);
        // A new password (an admin's reset) unlocks the account.
        await Task.WhenAll(store.DeleteAsync(LockKey(name), ct), store.DeleteAsync(FailuresKey(name), ct));
        var index = await store.GetAsync<Index>(IndexKey, ct) ?? new Index();
        if (!index.Names.Contains(name))
        {
            index.Names.Add(name);
            await store.SetAsync(IndexKey, index, null, ct);
        }
        return account;
    }

    /// <summary>Sets the languages an agent works in: at least one, each a content language ("en", "sw").</summary>
    public async Task<Account> SetLanguagesAsync(string name, IEnumerable<string> languages, CancellationToken ct = default)
    {
        var codes = new List<string>();
        foreach (var language in languages)
        {
            if (Huduma.Contact.Core.Content.Languages.Parse(language) is not { } parsed)
                throw new ArgumentException($"'{language}' is not a language of the content: en or sw");
            var code = Huduma.Contact.Core.Content.Languages.Code(parsed);
            if (!codes.Contains(code)) codes.Add(code);
        }
        if (codes.Count == 0) throw new ArgumentException("an agent works in at least one language: en, sw");
        var account = await GetAsync(name, ct) ?? throw new KeyNotFoundException($"no account '{name}'");
        account.Languages = codes;
        await store.SetAsync(Key(account.Name), account, null, ct);
        return account;
    }

    public async Task SetDisabledAsync(string name, bool disabled, CancellationToken ct = default)
    {
        var account = await GetAsync(name, ct) ?? throw new KeyNotFoundException($"no account '{name}'");
        account.Disabled = disabled;
        await store.SetAsync(Key(account.Name), account, null, ct);
    }

    /// <summary>
    /// Checks a name and password. The attempt is counted before the password is checked (one atomic
    /// increment of a counter that lives for the lockout), so however many guesses arrive at once, at
    /// most <see cref="MaxFailedSignIns"/> passwords are checked before the name locks. Names that do
    /// not exist count and lock the same way: the caller cannot tell them from real ones.
    /// </summary>
    public async Task<(SignInResult Result, Account? Account)> CheckAsync(string name, string password, CancellationToken ct = default)
    {
        name = SignInName(name);
        var (account, locked) = await store.GetBothAsync<Account, SignInLock>(Key(name), LockKey(name), ct);
        if (locked is not null) return (SignInResult.LockedOut, account);
        var attempt = await store.IncrementAsync(FailuresKey(name), LockOut, ct);
        if (attempt > MaxFailedSignIns)
        {
            // Normally the fifth wrong try has locked the name already. But if the fifth try was the right
            // password, it signs in and starts the count again: the tries counted past it lock the name here.
            await store.SetIfAbsentAsync(LockKey(name), new SignInLock { Until = clock.GetUtcNow() + LockOut }, LockOut, ct);
            return (SignInResult.LockedOut, account);
        }

        // An unknown name costs the same hash as a real one, so timing does not tell which names exist.
        var right = hasher.VerifyHashedPassword(account ?? new Account(), account?.PasswordHash ?? DummyHash.Value, password)
            != PasswordVerificationResult.Failed;
        if (right && account is { Disabled: false })
        {
            if (attempt > 1) await store.DeleteAsync(FailuresKey(name), ct);
            return (SignInResult.Ok, account);
        }
        // A disabled account's right password counts as a wrong one: refusals all look alike.
        if (attempt == MaxFailedSignIns)
        {
            await store.SetIfAbsentAsync(LockKey(name), new SignInLock { Until = clock.GetUtcNow() + LockOut }, LockOut, ct);
            logger.LogWarning("Sign-in name {Name} locked for {Minutes} minutes after {Count} wrong tries", name, LockOut.TotalMinutes, MaxFailedSignIns);
        }
        return (account is null ? SignInResult.UnknownName : account.Disabled ? SignInResult.Disabled : SignInResult.Wrong, account);
    }

    /// <summary>When the name's lockout ends, or null when it is not locked.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string name, CancellationToken ct = default) =>
        (await store.GetAsync<SignInLock>(LockKey(SignInName(name)), ct))?.Until;

    // Longer names cannot exist (NamePattern): cut, they still count, without an unbounded key.
    private static string SignInName(string name)
    {
        name = name.Trim().ToLowerInvariant();
        return name.Length > 41 ? name[..41] : name;
    }

    private static string FailuresKey(string name) => $"signin:failures:{name}";
    private static string LockKey(string name) => $"signin:locked:{name}";

    private sealed class SignInLock
    {
        public DateTimeOffset Until { get; set; }
    }

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<Account>().HashPassword(new Account(), Guid.NewGuid().ToString()));
}
