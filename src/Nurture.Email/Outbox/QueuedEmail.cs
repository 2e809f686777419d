namespace Nurture.Email.Outbox;

/// <summary>A send in the outbox: the rendered message and where it stands.</summary>
public sealed record QueuedEmail(
    Guid Id, Guid LeadId, string To, string TemplateId, string Subject, string Html, string Text,
    IReadOnlyList<string> Links, string? UnsubscribeUrl, string? TimeZone, string Origin,
    string Status = EmailOutbox.Queued, int Attempts = 0, string? LastError = null, DateTimeOffset? SentAt = null);
