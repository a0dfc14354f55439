using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace QueueEngine.Host.Security;

/// <summary>
/// API keys: 256 random bits, shown once, stored only as their SHA-256 hash. A key has full
/// entropy, so a fast hash is enough (there is no password to guess); lookups by hash need no
/// scan, and the admin key is compared in constant time.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "qe_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool FixedTimeEquals(string key, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
