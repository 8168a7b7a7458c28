namespace Huduma.Contact.Voice.Tests;

/// <summary>What a voice callback must leave in the store: the call, with the caller's number as read (null: withheld), or the ended call's record.</summary>
public sealed record VoiceStored(string? Caller, string? EndedStatus = null, int? EndedSeconds = null)
{
    public static VoiceStored Call(string? caller) => new(caller);
    public static VoiceStored Ended(string status, int? seconds) => new(null, status, seconds);
    public bool IsEnd => EndedStatus is not null;

    /// <summary>Checks the store after callback <paramref name="callId"/>; null expected: nothing was written at all.</summary>
    internal static async Task AssertAsync(VoiceStored? expected, VoiceHarness h, string provider, string? callId)
    {
        if (expected is null)
        {
            Assert.Empty(h.Store.Written);
            return;
        }
        if (expected.IsEnd)
        {
            var ended = Assert.Single(await h.CallLog.RecentAsync(10));
            Assert.Equal((provider, callId, expected.EndedStatus, expected.EndedSeconds), (ended.Provider, ended.CallId, ended.Status, ended.DurationSeconds));
            return;
        }
        var call = await h.Dialog.FindAsync(provider, callId!);
        Assert.NotNull(call);
        Assert.Equal(expected.Caller, call.Msisdn);
    }
}
