using System.Text;
using MimeKit;
using Nurture.Email.Suppressions;

namespace Nurture.Email.Tests.Suppressions;

/// <summary>Who failed, read from a bounce (RFC 3464) or a complaint (RFC 5965), as mail servers send them.</summary>
public sealed class DeliveryNoticesTests
{
    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n"))));

    private const string Bounce = """
        From: MAILER-DAEMON@mx.example
        To: bounces@nurture.example
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        Your message could not be delivered.
        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example

        Final-Recipient: rfc822; Gone@Example.COM
        Action: failed
        Status: 5.1.1

        Final-Recipient: rfc822; full@example.com
        Action: delayed
        Status: 4.2.2

        Original-Recipient: rfc822;<blocked@example.org>
        Action: failed
        Status: 5.7.1

        Final-Recipient: rfc822; later@example.net
        Action: failed
        Status: 4.4.7

        --b1--
        """;

    [Fact]
    public void Read_Bounce_NamesEachPermanentlyFailedRecipient_Normalised()
    {
        var (bounced, complained) = DeliveryNotices.Read(Parse(Bounce));

        Assert.Equal(["gone@example.com", "blocked@example.org"], bounced);
        Assert.Empty(complained);
    }

    [Fact]
    public void Read_Complaint_NamesTheOriginalRecipient()
    {
        var (bounced, complained) = DeliveryNotices.Read(Parse("""
            From: feedback@isp.example
            To: abuse@nurture.example
            Subject: Abuse report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

            --b2
            Content-Type: text/plain

            This is an email abuse report.
            --b2
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            User-Agent: ISP-FBL/1.0
            Version: 1
            Original-Rcpt-To: <Annoyed@Example.com>

            --b2--
            """));

        Assert.Empty(bounced);
        Assert.Equal(["annoyed@example.com"], complained);
    }

    [Fact]
    public void Read_PlainMessage_NamesNobody()
    {
        var (bounced, complained) = DeliveryNotices.Read(Parse("""
            From: ann@example.com
            To: hello@nurture.example
            Subject: Out of office
            Content-Type: text/plain

            I am away until Monday.
            """));

        Assert.Empty(bounced);
        Assert.Empty(complained);
    }
}
