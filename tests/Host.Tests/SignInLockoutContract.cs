using System.Collections.Concurrent;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SignInResult = Huduma.Contact.Host.Accounts.SignInResult;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The sign-in lockout under concurrent guesses, written once and run on both stores: however many
/// guesses arrive together, at most five passwords are checked before the account locks.
/// </summary>
public abstract class SignInLockoutContract
{
    private const string Password = "correct horse battery";
    protected abstract IStateStore Store { get; }
    private readonly CountingHasher _hasher = new();
    private AccountStore Accounts => new(Store, TimeProvider.System, _hasher, NullLogger<AccountStore>.Instance);

    /// <summary>ASP.NET Core's hasher, remembering every password it was asked to check, in order.</summary>
    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();
        public ConcurrentQueue<string> Checked { get; } = new();
        public string HashPassword(Account user, string password) => _inner.HashPassword(user, password);

        /// <summary>While set, checking this password waits until the test lets it go.</summary>
        public (string Password, ManualResetEventSlim Release)? Hold { get; set; }

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            if (Hold is { } hold && hold.Password == providedPassword) hold.Release.Wait(TimeSpan.FromSeconds(30));
            Checked.Enqueue(providedPassword);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private static string NewName() => "staff-" + Guid.NewGuid().ToString("N")[..12];

    private static Task<SignInResult[]> BurstAsync(AccountStore accounts, string name, IEnumerable<string> passwords) =>
        Task.WhenAll(passwords.Select(p => Task.Run(async () => (await accounts.CheckAsync(name, p)).Result)));

    [Fact]
    public async Task Forty_concurrent_wrong_passwords_are_checked_at_most_five_times_and_lock_the_account()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);

        var results = await BurstAsync(accounts, name, Enumerable.Range(0, 40).Select(i => "wrong guess " + i));

        Assert.DoesNotContain(SignInResult.Ok, results);
        Assert.InRange(_hasher.Checked.Count, 1, AccountStore.MaxFailedSignIns);
        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, Password)).Result);
        Assert.Equal(AccountStore.MaxFailedSignIns, _hasher.Checked.Count); // the right one, locked out, was not even checked
        Assert.NotNull(await accounts.LockedUntilAsync(name));
    }

    [Fact]
    public async Task A_burst_of_wrong_passwords_with_the_right_one_ends_locked_and_lets_it_in_only_if_checked_among_the_first_five()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);

        var passwords = Enumerable.Range(0, 39).Select(i => "wrong guess " + i).Append(Password).ToList();
        var results = await BurstAsync(accounts, name, passwords);

        var checkedInOrder = _hasher.Checked.ToList();
        if (results[^1] == SignInResult.Ok)
            Assert.InRange(checkedInOrder.IndexOf(Password), 0, AccountStore.MaxFailedSignIns - 1);
        // A success starts the count again, so at most five more guesses were checked after it.
        Assert.InRange(checkedInOrder.Count, 1, 2 * AccountStore.MaxFailedSignIns);
        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, Password)).Result);
    }

    [Fact]
    public async Task The_right_password_counted_fifth_signs_in_but_the_guesses_counted_after_it_still_lock_the_name()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);
        for (var i = 0; i < AccountStore.MaxFailedSignIns - 1; i++) await accounts.CheckAsync(name, "wrong guess " + i);

        // The right password is counted fifth and is still being checked while the rest of the burst arrives.
        var release = new ManualResetEventSlim();
        _hasher.Hold = (Password, release);
        var right = Task.Run(() => accounts.CheckAsync(name, Password));
        while (await Store.GetCountAsync($"signin:failures:{name}") < AccountStore.MaxFailedSignIns) await Task.Delay(10);
        var rest = await BurstAsync(accounts, name, Enumerable.Range(0, 35).Select(i => "late guess " + i));
        release.Set();

        Assert.Equal(SignInResult.Ok, (await right).Result);
        Assert.All(rest, r => Assert.Equal(SignInResult.LockedOut, r));
        Assert.NotNull(await accounts.LockedUntilAsync(name));
    }

    [Fact]
    public async Task The_right_password_after_five_wrong_ones_is_refused_without_being_checked()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++)
            await accounts.CheckAsync(name, "wrong guess " + i);

        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, Password)).Result);
        Assert.DoesNotContain(Password, _hasher.Checked);
    }

    [Fact]
    public async Task A_right_password_starts_the_count_of_wrong_ones_again()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < AccountStore.MaxFailedSignIns - 1; i++)
                Assert.Equal(SignInResult.Wrong, (await accounts.CheckAsync(name, "wrong guess " + i)).Result);
            Assert.Equal(SignInResult.Ok, (await accounts.CheckAsync(name.ToUpperInvariant(), Password)).Result);
        }
    }

    [Fact]
    public async Task A_name_that_does_not_exist_locks_after_five_wrong_tries_like_a_real_one()
    {
        var accounts = Accounts;
        var name = NewName();
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++)
            Assert.NotEqual(SignInResult.Ok, (await accounts.CheckAsync(name, "guess " + i)).Result);
        Assert.Equal(AccountStore.MaxFailedSignIns, _hasher.Checked.Count); // the same work as for a real name

        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, "guess again")).Result);
        Assert.Equal(AccountStore.MaxFailedSignIns, _hasher.Checked.Count);
    }

    [Fact]
    public async Task A_disabled_account_is_refused_its_right_password_which_counts_as_a_wrong_try()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);
        await accounts.SetDisabledAsync(name, true);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++)
            Assert.Equal(SignInResult.Disabled, (await accounts.CheckAsync(name, Password)).Result);
        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, Password)).Result);
    }

    [Fact]
    public async Task A_new_password_set_by_an_admin_unlocks_the_account()
    {
        var accounts = Accounts;
        var name = NewName();
        await accounts.SaveAsync(name, Roles.Agent, Password);
        await BurstAsync(accounts, name, Enumerable.Range(0, 10).Select(i => "wrong guess " + i));
        Assert.Equal(SignInResult.LockedOut, (await accounts.CheckAsync(name, Password)).Result);

        await accounts.SaveAsync(name, Roles.Agent, "a brand new password");
        Assert.Null(await accounts.LockedUntilAsync(name));
        Assert.Equal(SignInResult.Ok, (await accounts.CheckAsync(name, "a brand new password")).Result);
    }
}

public sealed class InMemorySignInLockoutTests : SignInLockoutContract
{
    protected override IStateStore Store { get; } = new InMemoryStateStore(new FakeTimeProvider(DateTimeOffset.UtcNow));
}

public sealed class RedisSignInLockoutTests(RedisServer redis) : SignInLockoutContract, IClassFixture<RedisServer>
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}
