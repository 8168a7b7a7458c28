using System.Security.Cryptography;
using System.Text;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// X-Twilio-Signature computed from Twilio's documented algorithm (HMAC-SHA1 of the URL followed by the
/// form's names and values sorted by name, Base64), independently of the library the host checks it with.
/// </summary>
public static class TwilioSignature
{
    public static string Sign(string token, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
