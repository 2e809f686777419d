namespace Nurture.Abstractions.Events;

/// <summary>
/// Server events kept in ClickHouse for reports only. They are facts about the lead's mail, not things the
/// lead did: they never reach the lead grain, so they move no score, no "last seen" and no flow.
/// </summary>
public static class RecordOnlyEvents
{
    /// <summary>The outbox handed the email to the SMTP server.</summary>
    public const string EmailSent = "email_sent";

    /// <summary>The outbox did not send the email: the address is suppressed (unsubscribed, bounced, complained) or the lead's cap was reached.</summary>
    public const string EmailSuppressed = "email_suppressed";

    /// <summary>A delivery status notice named the send: prop <c>bounce</c> is hard (permanent) or soft (temporary).</summary>
    public const string EmailBounce = "email_bounce";

    /// <summary>A feedback report (the recipient pressed "spam") named the send.</summary>
    public const string EmailComplaint = "email_complaint";

    public static bool Contains(string type) => type is EmailSent or EmailSuppressed or EmailBounce or EmailComplaint;
}
