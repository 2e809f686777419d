using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nurture.Server.Access;

/// <summary>
/// Console passwords: PBKDF2-HMAC-SHA256 with a per-user random salt, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> so the cost can be raised later without breaking old hashes.
/// </summary>
public static class PasswordHasher
{
    // OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about a tenth of a second here, and sign-in is rare.
    public const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    // Checked against when the email is unknown, so that answer takes as long as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Hash("decoy password that matches nothing"));

    // Each hash holds a core for a tenth of a second: a flood of sign-ins may queue, but never takes
    // every core from ingest.
    private static readonly SemaphoreSlim Slots = new(Math.Max(1, Environment.ProcessorCount / 2));

    public static Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        LimitedAsync(() => Hash(password), cancellationToken);

    /// <summary>Checks the password against the stored hash, or against a decoy when there is none (then always false).</summary>
    public static Task<bool> VerifyAsync(string password, string? stored, CancellationToken cancellationToken) =>
        LimitedAsync(() =>
        {
            if (stored is not null) return Verify(password, stored);
            Verify(password, Decoy.Value);
            return false;
        }, cancellationToken);

    private static async Task<T> LimitedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await Slots.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            Slots.Release();
        }
    }

    private static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when the password matches; false for a wrong one or a malformed stored value.</summary>
    private static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
