using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Host.Wiring;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.Ussd;
using Huduma.Contact.Voice;

namespace Huduma.Contact.Host.Simulator;

/// <summary>
/// /simulator: a feature phone in the browser that drives the real /ussd/africastalking,
/// /sms/africastalking/inbound and /voice/africastalking endpoints, as Africa's Talking would, through
/// /simulator/ussd, /simulator/sms and /simulator/voice (<see cref="SimulatorForwarding"/>: the page never
/// holds the callback secret), and shows the SMS the simulator provider delivered to it. Its page asks
/// /simulator/config for the service code and, on the demo register, the document numbers worth trying.
/// </summary>
internal static class SimulatorEndpoints
{
    public static void MapSimulator(this IEndpointRouteBuilder app)
    {
        // The staff pages' header (signed-in staff get its nav too); the page itself needs no sign-in.
        // Read when first asked for, through the web root (static web assets in development; no web root, no page).
        var file = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("simulator.html");
        var html = new Lazy<string?>(() =>
        {
            if (!file.Exists) return null;
            using var reader = new StreamReader(file.CreateReadStream());
            return reader.ReadToEnd();
        });
        app.MapStaffPage("/simulator", () => html.Value, "Phone simulator");
        app.MapGet("/simulator/config", (UssdOptions ussd, DemoOptions demo, ContentBundle content, VoiceAudio audio) =>
            Results.Json(new
            {
                serviceCode = ussd.ServiceCode,
                demoPhone = DemoRegister.DemoPhone,
                demoDocuments = demo.SeedRegister == true
                    ? DemoRegister.DemoPhoneDocuments(content).Select(d => new
                    {
                        type = content.Document(d.Type)?.Name?.En ?? d.Type, d.Number, status = d.Status.ToString(), reference = d.WaitingCardRef,
                    })
                    : null,
                // The sentence each audio file holds, so the voice tab can show what it plays.
                voicePrompts = audio.All().ToDictionary(p => p.File, p => p.Text),
            }));
        // The phone's SMS inbox: what the simulator provider "delivered" to it.
        app.MapGet("/simulator/sms/inbox", async (string phone, SimulatorSmsSender sms, CancellationToken ct) =>
            Msisdn.Normalize(phone) is { } msisdn
                ? Results.Json(await sms.InboxAsync(msisdn, 20, ct))
                : Results.Text("phone is not a valid phone number", "text/plain", statusCode: 400));
    }
}
