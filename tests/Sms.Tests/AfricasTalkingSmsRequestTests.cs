using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.AfricasTalking;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// Africa's Talking's SMS callbacks as it sends them (docs/protocols/africastalking.md, SMS), each given to its
/// endpoint's handler without the host: the status and body AT gets back, and what was stored — the reply
/// queued for the sender, the delivery report on the sent message, nothing at all after a 400.
/// </summary>
public sealed class AfricasTalkingSmsRequestTests : IDisposable
{
    private const string Inbound = "https://huduma.example.go.ke/sms/africastalking/inbound";
    private const string Delivery = "https://huduma.example.go.ke/sms/africastalking/delivery";
    private const string Phone = "+254722000111";

    private readonly SmsHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>An incoming SMS: the body as AT posts it, the status and answer, and words of the reply queued for <see cref="Phone"/> (null: none, nothing stored).</summary>
    public static TheoryData<string, int, string, string?> Messages => new()
    {
        { "linkId=&text=HELP&to=1919&id=ATXid_4f1c9e&date=2026-11-25+10%3A00%3A00&from=%2B254722000111&networkCode=63902", 200, "", "Send: ID" },
        // A number as some networks give it, and the ISO date AT also sends.
        { "text=msaada&to=1919&id=ATXid_4f1c9f&date=2026-11-25T07%3A00%3A00Z&from=0722000111&networkCode=63903", 200, "", "Tuma: KITAMBULISHO" },
        { "text=HELP&to=1919&id=ATXid_1&date=2026-11-25+10%3A00%3A00&networkCode=63902", 400, "missing field(s): from", null },
        { "text=HELP&to=1919&date=2026-11-25+10%3A00%3A00&from=%2B254722000111&networkCode=63902", 400, "missing field(s): id", null },
        { "text=HELP&to=1919&from=+&id=", 400, "missing field(s): from, id", null },
        { "text=HELP&to=1919&id=ATXid_2&from=hello", 400, "from is not a valid phone number", null },
        { "text=HELP&to=1919&from=0000", 400, "missing field(s): id; from is not a valid phone number", null },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task An_incoming_sms_is_answered_from_the_queue_or_refused_with_every_bad_field_named_and_nothing_stored(string body, int status,
        string answer, string? reply)
    {
        var result = await AfricasTalkingSms.ReceiveInbound(ProviderRequest.FormPost(Inbound, body), _h.Inbox, CancellationToken.None);

        Assert.Equal((status, answer), ProviderAnswer.Of(result));
        var queued = await _h.Queue.ReadAsync("test", 10);
        if (reply is null)
        {
            Assert.Empty(queued);
            Assert.Empty(_h.Store.Written);
            return;
        }
        var sms = Assert.Single(queued).Message;
        Assert.Equal(Phone, sms.To);
        Assert.Contains(reply, sms.Text);
    }

    /// <summary>A delivery report for a reply sent as ATXid_sent: the body, the status and answer, and the reply's status and error after it.</summary>
    public static TheoryData<string, int, string, SmsDeliveryStatus, string?> Reports => new()
    {
        { "phoneNumber=%2B254722000111&failureReason=&retryCount=0&status=Success&networkCode=63902&id=ATXid_sent", 200, "", SmsDeliveryStatus.Delivered, null },
        { "phoneNumber=%2B254722000111&failureReason=UserInBlackList&retryCount=0&status=Rejected&networkCode=63902&id=ATXid_sent", 200, "",
            SmsDeliveryStatus.Failed, "UserInBlackList" },
        { "phoneNumber=%2B254722000111&retryCount=0&status=Buffered&networkCode=63902&id=ATXid_sent", 200, "", SmsDeliveryStatus.Sent, null },
        { "phoneNumber=%2B254722000111&status=Success&networkCode=63902", 400, "missing field(s): id", SmsDeliveryStatus.Sent, null },
        { "phoneNumber=%2B254722000111&status=Lost&id=ATXid_sent", 400, "unknown status 'Lost'", SmsDeliveryStatus.Sent, null },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_delivery_report_moves_the_sent_reply_on_or_is_refused_and_nothing_stored(string body, int status, string answer,
        SmsDeliveryStatus after, string? error)
    {
        var sent = await _h.SentAsync(AfricasTalkingSms.Provider, "ATXid_sent", Phone);
        var writes = _h.Store.Written.Count;

        var result = await AfricasTalkingSms.ReceiveDeliveryReport(ProviderRequest.FormPost(Delivery, body), _h.Outbox, NullLoggerFactory.Instance,
            CancellationToken.None);

        Assert.Equal((status, answer), ProviderAnswer.Of(result));
        var stored = await _h.Outbox.GetAsync(sent.Id);
        Assert.Equal((after, error), (stored!.Status, stored.Error));
        if (status != 200) Assert.Equal(writes, _h.Store.Written.Count);
    }
}
