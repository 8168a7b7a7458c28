using System.Security.Cryptography;
using System.Text;

namespace Huduma.Contact.Host.Security;

/// <summary>API keys (agencies', agents') are kept and compared as SHA-256 hashes, in constant time.</summary>
internal static class ApiKeys
{
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(byte[] expectedHash, string given) => CryptographicOperations.FixedTimeEquals(expectedHash, Hash(given));
}
