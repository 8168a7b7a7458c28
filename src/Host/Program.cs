using Huduma.Contact.Host.Commands;
using Huduma.Contact.Host.Wiring;

// The Huduma 1919 webhook host. With no configuration it is the embedded default: in-memory stores,
// sample content and a demo register. Set Redis__ConnectionString for production. See README.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddHudumaContact();

var app = builder.Build();
// `-- import FILE.csv` and other commands use the same wiring, then exit instead of serving.
if (HostCommands.IsCommand(args)) return await HostCommands.RunAsync(app, args);
app.UseHudumaContact();
app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
