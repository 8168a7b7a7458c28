namespace Huduma.Contact.Core.Content;

/// <summary>The prompts (content/prompts.yaml) that C# code refers to by key.</summary>
public static class PromptKeys
{
    public const string NavBack = "nav.back";
    public const string NavHome = "nav.home";
    public const string NavMore = "nav.more";
    public const string ErrorChoice = "error.choice";
    public const string ErrorNumber = "error.number";
    public const string ErrorReference = "error.reference";
    public const string TooManyErrors = "error.too-many";
    public const string ResumeAsk = "resume.ask";
    public const string ResumeYes = "resume.yes";
    public const string ResumeNo = "resume.no";
    public const string StatusInProcess = "status.in-process";
    public const string StatusReady = "status.ready";
    public const string StatusCollected = "status.collected";
    public const string StatusReturned = "status.returned";
    public const string StatusReferenceMismatch = "status.reference-mismatch";
    public const string StatusReferenceRetry = "status.reference-retry";
    public const string StatusRateLimited = "status.rate-limited";
    public const string CentreDetail = "centre.detail";
    public const string ServiceDetail = "service.detail";
    public const string Unconfirmed = "unconfirmed";
    public const string CallbackDone = "callback.done";
    public const string LanguageSet = "language.set";
    public const string Unavailable = "error.unavailable";

    public const string SmsHelp = "sms.help";
    public const string SmsUnknown = "sms.unknown";
    public const string SmsOfferAgent = "sms.offer-agent";
    public const string SmsNeedNumber = "sms.need-number";
    public const string SmsAskReference = "sms.ask-reference";
    public const string SmsStop = "sms.stop";
    public const string SmsStart = "sms.start";
    public const string SmsAgentDone = "sms.agent-done";
    public const string SmsCentreNone = "sms.centre-none";
    public const string SmsRateAsk = "sms.rate-ask";
    public const string SmsRateThanks = "sms.rate-thanks";
    public const string SmsNotUnderstood = "sms.not-understood";

    public const string ReminderReady = "reminder.ready";
    public const string ReminderAgain = "reminder.again";
    public const string ChatNotUnderstood = "chat.not-understood";
    public const string ChatAgentButton = "chat.agent-button";
    public const string ChatHandoffWaiting = "chat.handoff-waiting";
    public const string ChatHandoffAccepted = "chat.handoff-accepted";
    public const string ChatHandoffRequeued = "chat.handoff-requeued";
    public const string ChatHandoffCompleted = "chat.handoff-completed";
    public const string ChatHandoffWithdrawn = "chat.handoff-withdrawn";
    public const string ChatRateSkip = "chat.rate-skip";
    public const string ChatRateThanks = "chat.rate-thanks";
    public const string ChatTooMany = "chat.too-many";
    public const string ChatStartAgain = "chat.start-again";

    /// <summary>Prompts sent as SMS: each must fit one 160-character GSM-7 message.</summary>
    /// <summary>Canned replies for agents are the prompts whose key starts with this.</summary>
    public const string CannedPrefix = "canned.";

    public static readonly string[] Sms =
        [SmsHelp, SmsUnknown, SmsOfferAgent, SmsNeedNumber, SmsAskReference, SmsStop, SmsStart, SmsAgentDone, SmsCentreNone, SmsRateAsk, SmsRateThanks, SmsNotUnderstood,
        // Shared with the screens, and sent alone by SMS too (a keyword's lookup refused or not matched).
        StatusRateLimited, StatusReferenceMismatch];

    public static readonly string[] Required =
    [
        NavBack, NavHome, NavMore, ErrorChoice, ErrorNumber, ErrorReference, TooManyErrors, ResumeAsk, ResumeYes,
        ResumeNo, StatusInProcess, StatusReady, StatusCollected, StatusReturned,
        StatusReferenceMismatch, StatusReferenceRetry, StatusRateLimited, CentreDetail, ServiceDetail, Unconfirmed, CallbackDone,
        LanguageSet, Unavailable, ReminderReady, ReminderAgain, ChatNotUnderstood, ChatAgentButton,
        ChatHandoffWaiting, ChatHandoffAccepted, ChatHandoffRequeued, ChatHandoffCompleted, ChatHandoffWithdrawn, ChatRateSkip, ChatRateThanks,
        ChatTooMany, ChatStartAgain, .. Sms,
    ];
}
