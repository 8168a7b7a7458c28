using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Host.Wiring;

/// <summary>Fills the register with synthetic documents on the embedded default, so lookups work at once.</summary>
internal sealed class DemoRegisterSeeder(IDocumentRegister register, ContentBundle content, DemoOptions options,
    ILogger<DemoRegisterSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await register.UpsertManyAsync(DemoRegister.Generate(content, options.RegisterSize), ct);
        logger.LogInformation("Demo register: {Count} synthetic documents; the demo phone {Phone} holds {Mine}",
            await register.CountAsync(ct), DemoRegister.DemoPhone, DemoRegister.DemoPhoneDocuments(content).Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
