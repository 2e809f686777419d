using System.ComponentModel.DataAnnotations;
using Nurture.Email.Sending;
using Nurture.Email.Tracking;

namespace Nurture.Email;

/// <summary>Settings under "Nurture:Email": where links point, and the rules that protect recipients.</summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>The address people's mail apps reach this server at, for open, click and unsubscribe links.</summary>
    [Required, Url(ErrorMessage = "Nurture:Email:PublicUrl must be an http(s) URL, for example https://nurture.example.com")]
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>At most this many emails to one lead per day (sliding 24 hours); more are skipped.</summary>
    [Range(1, 1000)] public int MaxPerLeadPerDay { get; set; } = 3;

    /// <summary>At most this many per sliding week.</summary>
    [Range(1, 5000)] public int MaxPerLeadPerWeek { get; set; } = 10;

    /// <summary>No email between these local hours of the lead's time zone (UTC when unknown); held until the end.</summary>
    [Range(0, 23)] public int QuietHoursStart { get; set; } = 21;
    [Range(0, 23)] public int QuietHoursEnd { get; set; } = 8;

    /// <summary>
    /// Opt-in rules (GDPR, Japan's Act on Specified Electronic Mail): marketing email only to leads whose
    /// consent is granted. Off, every lead is mailed unless they denied it.
    /// </summary>
    public bool RequireConsent { get; set; }

    /// <summary>
    /// A click this soon after the send is a link scanner's (mail gateways follow links on delivery): stored,
    /// flagged as a machine's and never scored. Zero: only the user agent and HEAD requests tell.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Nurture:Email:ScannerClickWindow must be from 00:00:00 to 01:00:00.")]
    public TimeSpan ScannerClickWindow { get; set; } = LinkScanners.DefaultClickWindow;

    /// <summary>
    /// An open this soon after the send is a mail-privacy proxy's or gateway's prefetch on delivery, not the reader's:
    /// stored with is_bot and machine=proxy, and counted apart in reports. Zero: only the user agent tells.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Nurture:Email:ProxyOpenWindow must be from 00:00:00 to 01:00:00.")]
    public TimeSpan ProxyOpenWindow { get; set; } = MailProxies.DefaultOpenWindow;

    /// <summary>
    /// The addresses a template may send from, besides the default sender (Nurture:Smtp:From), which is always
    /// allowed. Only addresses the mail server may send as (SPF, DKIM) belong here: anything else lands in spam.
    /// </summary>
    public List<string> AllowedFromAddresses { get; set; } = [];

    /// <summary>Test sends one person may make from the template editor per sliding hour, so they never become a mass mailer.</summary>
    [Range(1, 1000, ErrorMessage = "Nurture:Email:TestSendsPerHour must be 1 to 1000.")]
    public int TestSendsPerHour { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedFromAddresses.Count; i++)
        {
            if (MailAddresses.Check(AllowedFromAddresses[i], out var reason) is null)
                yield return new ValidationResult($"Nurture:Email:AllowedFromAddresses:{i} {reason}.", [nameof(AllowedFromAddresses)]);
        }
    }
}
