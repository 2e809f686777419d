using MimeKit;

namespace Nurture.Email.Suppressions;

/// <summary>Reads who failed from a bounce (RFC 3464 delivery status) or a complaint (RFC 5965 feedback report).</summary>
public static class DeliveryNotices
{
    public static (List<string> Bounced, List<string> Complained) Read(MimeMessage message)
    {
        var bounced = new List<string>();
        var complained = new List<string>();
        foreach (var part in message.BodyParts)
        {
            if (part is MessageDeliveryStatus status)
            {
                // The first group is about the message; each later group is one recipient.
                foreach (var group in status.StatusGroups.Skip(1))
                {
                    var action = group["Action"]?.Trim().ToLowerInvariant();
                    var code = group["Status"]?.Trim() ?? "";
                    if (action == "failed" && code.StartsWith('5') && Address(group["Final-Recipient"] ?? group["Original-Recipient"]) is { } address)
                        bounced.Add(address);
                }
            }
            else if (part is MimePart { ContentType.MimeType: "message/feedback-report" } report)
            {
                using var stream = new MemoryStream();
                report.Content?.DecodeTo(stream);
                var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
                foreach (var line in text.Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0 && line[..colon].Trim().Equals("Original-Rcpt-To", StringComparison.OrdinalIgnoreCase) && Address(line[(colon + 1)..]) is { } address)
                        complained.Add(address);
                }
            }
        }
        return (bounced.Distinct().ToList(), complained.Distinct().ToList());
    }

    /// <summary>"rfc822; ann@example.com" or a bare address → the address.</summary>
    private static string? Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var semicolon = field.IndexOf(';');
        var address = (semicolon >= 0 ? field[(semicolon + 1)..] : field).Trim().Trim('<', '>');
        return Nurture.Abstractions.Leads.EmailAddress.Normalise(address);
    }
}
