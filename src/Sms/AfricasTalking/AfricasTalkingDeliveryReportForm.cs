using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Sms.AfricasTalking;

/// <summary>
/// Africa's Talking's delivery report (POST /sms/africastalking/delivery), declared once. The status word is
/// mapped by <see cref="AfricasTalkingSmsProvider.MapDeliveryStatus"/>; `networkCode` and `retryCount` are not used.
/// </summary>
internal sealed class AfricasTalkingDeliveryReportForm : IProviderForm<AfricasTalkingDeliveryReportForm>
{
    /// <summary>The messageId AT gave when the message was sent.</summary>
    public string Id { get; private set; } = "";
    public string Status { get; private set; } = "";
    /// <summary>The recipient in E.164, if it is a number: lets a report find a send whose host died (SmsOutbox.ReportAsync).</summary>
    public string? PhoneNumber { get; private set; }
    public string? FailureReason { get; private set; }

    public static FormFields<AfricasTalkingDeliveryReportForm> Fields { get; } = new(() => new AfricasTalkingDeliveryReportForm(),
        new("id", FieldRules.Required, (f, v) => f.Id = v),
        new("status", FieldRules.None, (f, v) => f.Status = v),
        new("phoneNumber", FieldRules.PhoneIfAny, (f, v) => f.PhoneNumber = v),
        // AT sends failureReason= (empty) on success: no failure.
        new("failureReason", FieldRules.None, (f, v) => f.FailureReason = v.Length > 0 ? v : null));
}
