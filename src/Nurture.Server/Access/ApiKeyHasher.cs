using System.Security.Cryptography;
using System.Text;

namespace Nurture.Server.Access;

/// <summary>
/// Makes and hashes API keys: <c>nk_&lt;8-character prefix&gt;_&lt;40 random characters&gt;</c>, about 240
/// random bits in all. Only SHA-256 of the whole key is stored: with that much entropy a fast hash
/// cannot be guessed backwards, and a fast hash keeps the lookup on every request cheap.
/// </summary>
public static class ApiKeyHasher
{
    public const string Marker = "nk_";
    public const int PrefixLength = 8;
    private const int SecretLength = 40;
    // Lower-case letters and digits without the look-alikes (0/o, 1/l): keys get read aloud and retyped.
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    public static readonly int KeyLength = Marker.Length + PrefixLength + 1 + SecretLength;

    public static (string Key, string Prefix, byte[] Hash) Create()
    {
        var prefix = RandomNumberGenerator.GetString(Alphabet, PrefixLength);
        var key = $"{Marker}{prefix}_{RandomNumberGenerator.GetString(Alphabet, SecretLength)}";
        return (key, prefix, Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether the text has the shape of a key we made; anything else never reaches the database.</summary>
    public static bool LooksLikeKey(string text) =>
        text.Length == KeyLength && text.StartsWith(Marker, StringComparison.Ordinal) && text[Marker.Length + PrefixLength] == '_';

    /// <summary>How people see a key in lists: the marker and prefix, never the secret.</summary>
    public static string Display(string prefix) => $"{Marker}{prefix}_…";
}
