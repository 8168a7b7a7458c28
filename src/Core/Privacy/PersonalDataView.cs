namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// One look by staff at a citizen's personal data: who (the signed-in account, or the agent an API key is
/// bound to), what (<see cref="PersonalDataKinds"/>), of which ticket or export, when, and from which address.
/// Never holds the phone or document number itself: <paramref name="Detail"/> names fields or carries masked numbers.
/// </summary>
/// <param name="Id">Tells apart two views alike in everything else (the store keeps each one).</param>
/// <param name="Via">"console" (signed in) or "api-key".</param>
public sealed record PersonalDataView(string Id, DateTimeOffset At, string Who, string What, string Subject, string? Detail = null,
    string? From = null, string? Via = null);

/// <summary>The kinds of view the audit records.</summary>
public static class PersonalDataKinds
{
    /// <summary>A ticket's transcript and chat, opened.</summary>
    public const string Transcript = "transcript";
    /// <summary>An SMS ticket's thread with the citizen, opened.</summary>
    public const string SmsThread = "sms-thread";
    /// <summary>A ticket's phone and document numbers, unmasked on request.</summary>
    public const string Numbers = "numbers";
    /// <summary>Data taken away in a file (a CSV export); Subject says which.</summary>
    public const string Export = "export";
}

/// <summary>A page of the audit, newest first, and how many entries the date range holds in all.</summary>
public sealed record PersonalDataViewPage(IReadOnlyList<PersonalDataView> Entries, long Total);
