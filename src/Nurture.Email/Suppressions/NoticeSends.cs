using System.Text.RegularExpressions;
using MimeKit;

namespace Nurture.Email.Suppressions;

/// <summary>What a notice says happened to one of our sends.</summary>
public enum NoticeKind { HardBounce, SoftBounce, Complaint }

/// <summary>
/// The sends a bounce or complaint notice is about. Both kinds of report carry the original message or its
/// headers, and every send's Message-ID is "{sendId:N}@nurture" (see SmtpEmailSender), so the send is found
/// from the notice itself, without guessing by address.
/// </summary>
public static partial class NoticeSends
{
    public static List<(Guid SendId, NoticeKind Kind)> Read(MimeMessage notice)
    {
        NoticeKind? kind = null;
        foreach (var part in notice.BodyParts)
        {
            if (part is MessageDeliveryStatus status)
            {
                foreach (var group in status.StatusGroups.Skip(1))
                {
                    var action = group["Action"]?.Trim().ToLowerInvariant();
                    var code = group["Status"]?.Trim() ?? "";
                    // A permanent failure (5.x.x) is hard; a delay or temporary failure (4.x.x) is soft.
                    if (action == "failed" && code.StartsWith('5')) kind = NoticeKind.HardBounce;
                    else if (kind is null && (action == "delayed" || code.StartsWith('4'))) kind = NoticeKind.SoftBounce;
                }
            }
            else if (part is MimePart { ContentType.MimeType: "message/feedback-report" }) kind = NoticeKind.Complaint;
        }
        if (kind is not { } found) return [];
        return notice.BodyParts.OfType<MessagePart>()
            .Select(p => p.Message?.MessageId is { } id && SendMessageId().Match(id) is { Success: true } m ? Guid.ParseExact(m.Groups[1].Value, "N") : (Guid?)null)
            .OfType<Guid>().Distinct().Select(id => (id, found)).ToList();
    }

    [GeneratedRegex("^([0-9a-f]{32})@nurture$")]
    private static partial Regex SendMessageId();
}
