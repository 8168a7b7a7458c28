using Huduma.Contact.Host.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>The host's commands as an operator types them: `--help` on each, and arguments they do not know.</summary>
public sealed class HostCommandsTests : IAsyncLifetime
{
    private readonly HudumaHost _host = new(new Dictionary<string, string?>());

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        Assert.True(HostCommands.IsCommand(args), $"'{string.Join(' ', args)}' is not taken as a command");
        var output = new StringWriter();
        var exit = await HostCommands.RunAsync(_host.Services, _host.Services.GetRequiredService<IConfiguration>(), args, TextConsole.Create(output));
        return (exit, output.ToString());
    }

    [Theory]
    [InlineData("import", "--help", "import FILE.csv")]
    [InlineData("import", "-h", "import FILE.csv")]
    [InlineData("create-admin", "--help", "create-admin")]
    [InlineData("render-prompts", "--help", "render-prompts")]
    [InlineData("--help", null, "create-admin")]
    public async Task Help_prints_the_usage_and_exits_0(string command, string? flag, string usage)
    {
        var (exit, output) = await RunAsync(flag is null ? [command] : [command, flag]);
        Assert.Equal(0, exit);
        Assert.Contains("usage", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(usage, output);
    }

    [Fact]
    public async Task Help_does_not_create_an_account_named_after_it()
    {
        await RunAsync("create-admin", "--help");
        Assert.Null(await _host.Services.GetRequiredService<Accounts.AccountStore>().GetAsync("--help"));
    }

    [Theory]
    [InlineData("import", "--bogus")]
    [InlineData("import")]
    [InlineData("create-admin", "--bogus", "wafula")]
    [InlineData("create-admin")]
    [InlineData("render-prompts", "--bogus")]
    public async Task A_wrong_argument_prints_the_usage_and_exits_2(params string[] args)
    {
        var (exit, output) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains("usage", output, StringComparison.OrdinalIgnoreCase);
    }
}
