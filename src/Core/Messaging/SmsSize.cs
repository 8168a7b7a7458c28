using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// How an SMS text is sent and billed. GSM-7: 160 characters in one message, 153 a segment once
/// concatenated (the user-data header takes 7 septets), extension characters count two. Anything
/// outside GSM-7 turns the whole message into UCS-2: 70 units in one message, 67 a segment, and a
/// character outside the Basic Multilingual Plane (most emoji) takes two units.
/// </summary>
public readonly record struct SmsSize(bool IsGsm7, int Units, int Segments)
{
    public const int Gsm7Single = 160, Gsm7Segment = 153, Ucs2Single = 70, Ucs2Segment = 67;

    public static SmsSize Of(string text)
    {
        if (Gsm7.CanEncode(text))
        {
            var septets = Gsm7.SeptetCount(text);
            return new SmsSize(true, septets, Count(septets, Gsm7Single, Gsm7Segment));
        }
        // string.Length counts UTF-16 code units: a surrogate pair is already two.
        return new SmsSize(false, text.Length, Count(text.Length, Ucs2Single, Ucs2Segment));
    }

    private static int Count(int units, int single, int segment) =>
        units == 0 ? 1 : units <= single ? 1 : (units + segment - 1) / segment;
}
