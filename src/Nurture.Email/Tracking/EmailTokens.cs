using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Nurture.Email.Tracking;

/// <summary>What a signed token is for.</summary>
public enum TokenKind : byte
{
    Open = 1,
    Click = 2,
    Unsubscribe = 3,
    /// <summary>Carried by a clicked link to the website, so the tracker can tie the visit to the lead.</summary>
    Visit = 4,
}

/// <summary>A verified token's content.</summary>
public readonly record struct EmailToken(TokenKind Kind, Guid SendId, Guid LeadId, int Link);

/// <summary>
/// HMAC-SHA256-signed tokens for open pixels, click redirects, unsubscribe links and visit links.
/// Anything altered or forged fails <see cref="TryRead"/>: the endpoints answer 404 and record nothing.
/// The key is asked for at each use: the server reads it from PostgreSQL at start-up, after this is made.
/// </summary>
public sealed class EmailTokens(Func<byte[]> secret)
{
    public EmailTokens(byte[] secret) : this(() => secret)
    {
    }

    private const int BodySize = 1 + 16 + 16 + 2;
    private const int MacSize = 16;

    public string Create(TokenKind kind, Guid sendId, Guid leadId, int link = 0)
    {
        Span<byte> token = stackalloc byte[BodySize + MacSize];
        token[0] = (byte)kind;
        sendId.TryWriteBytes(token[1..17]);
        leadId.TryWriteBytes(token[17..33]);
        BinaryPrimitives.WriteUInt16BigEndian(token[33..35], checked((ushort)link));
        Mac(token[..BodySize], token[BodySize..]);
        return Base64Url.EncodeToString(token);
    }

    public bool TryRead(string? text, TokenKind expected, out EmailToken token)
    {
        token = default;
        if (text is null || text.Length > 100) return false;
        Span<byte> bytes = stackalloc byte[BodySize + MacSize + 3];
        // TryDecode throws on characters outside the alphabet (it returns false only for too little room): check first.
        if (!Base64Url.IsValid(text, out var length) || length != BodySize + MacSize) return false;
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != BodySize + MacSize) return false;
        Span<byte> mac = stackalloc byte[MacSize];
        Mac(bytes[..BodySize], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.Slice(BodySize, MacSize))) return false;
        if ((TokenKind)bytes[0] != expected) return false;
        token = new EmailToken(expected, new Guid(bytes[1..17]), new Guid(bytes[17..33]), BinaryPrimitives.ReadUInt16BigEndian(bytes[33..35]));
        return true;
    }

    private void Mac(ReadOnlySpan<byte> body, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(secret(), body, full);
        full[..MacSize].CopyTo(destination);
    }
}
