namespace Nurture.Email.Outbox;

/// <summary>One send as a lead's story names it: its subject, the template it came from, where it stands.</summary>
public sealed record SendSummary(string Subject, string TemplateId, string Status, DateTimeOffset? SentAt);
