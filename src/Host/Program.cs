using Huduma.Contact.Host.Commands;
using Huduma.Contact.Host.Wiring;
using StackExchange.Redis;

// The Huduma 1919 webhook host. With no configuration it is the embedded default: in-memory stores,
// sample content and a demo register. Set Redis__ConnectionString for production. See README.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddHudumaContact();

var app = builder.Build();
// `-- import FILE.csv` and other commands use the same wiring, then exit instead of serving.
if (HostCommands.IsCommand(args)) return await HostCommands.RunAsync(app, args);
app.UseHudumaContact();
// Taken before running: once the host is disposed, its services (the lifetime, logging) are gone too.
var stopping = app.Lifetime.ApplicationStopping;
try
{
    app.Run();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A configuration mistake (a missing production secret, say): one clear line, not a stack trace.
    Console.Error.WriteLine($"Huduma Contact cannot start: {string.Join(" ", e.Failures)}");
    return 1;
}
catch (RedisConnectionException e) when (stopping.IsCancellationRequested)
{
    // Redis went while the host was stopping (SignalR's backplane unsubscribes on the way out): every
    // request was answered already, so stop cleanly instead of crashing.
    Console.Error.WriteLine($"Redis was unreachable while the host stopped: {e.Message}");
}
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
