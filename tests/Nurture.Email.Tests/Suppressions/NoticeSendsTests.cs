using System.Text;
using MimeKit;
using Nurture.Email.Suppressions;

namespace Nurture.Email.Tests.Suppressions;

/// <summary>Which of our sends a bounce or complaint is about, from the original message's Message-ID the report carries.</summary>
public sealed class NoticeSendsTests
{
    private static readonly Guid Send = Guid.Parse("6f1c0d3a-58a4-4e0b-9a64-2f5b2c1e7d01");

    private static MimeMessage Parse(string raw) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n"))));

    private static string Dsn(string action, string status, string original) => $"""
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

        Final-Recipient: rfc822; gone@example.com
        Action: {action}
        Status: {status}

        --b1
        Content-Type: text/rfc822-headers

        From: news@shop.example
        To: gone@example.com
        Subject: Welcome
        Message-ID: <{original}>

        --b1--
        """;

    [Fact]
    public void Read_PermanentFailure_IsAHardBounceOfTheSend()
    {
        Assert.Equal([(Send, NoticeKind.HardBounce)], NoticeSends.Read(Parse(Dsn("failed", "5.1.1", $"{Send:N}@nurture"))));
    }

    [Theory]
    [InlineData("delayed", "4.2.2")]
    [InlineData("failed", "4.4.7")]
    public void Read_DelayOrTemporaryFailure_IsASoftBounce(string action, string status)
    {
        Assert.Equal([(Send, NoticeKind.SoftBounce)], NoticeSends.Read(Parse(Dsn(action, status, $"{Send:N}@nurture"))));
    }

    [Theory]
    [InlineData("someone-else@mail.example")]
    [InlineData("6f1c0d3a58a44e0b9a642f5b2c1e7d01@nurture.evil")]
    [InlineData("not-a-guid-at-all-0000000000000000@nurture")]
    public void Read_AMessageThatIsNotOurs_NamesNoSend(string messageId)
    {
        Assert.Empty(NoticeSends.Read(Parse(Dsn("failed", "5.1.1", messageId))));
    }

    [Fact]
    public void Read_Complaint_NamesTheSendOfTheAttachedMessage()
    {
        var notice = Parse($"""
            From: feedback@isp.example
            To: abuse@nurture.example
            Subject: Abuse report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f1"

            --f1
            Content-Type: text/plain

            This is an abuse report.
            --f1
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            Original-Rcpt-To: person@example.com

            --f1
            Content-Type: message/rfc822

            From: news@shop.example
            To: person@example.com
            Subject: Welcome
            Message-ID: <{Send:N}@nurture>

            Hello
            --f1--
            """);
        Assert.Equal([(Send, NoticeKind.Complaint)], NoticeSends.Read(notice));
    }
}
