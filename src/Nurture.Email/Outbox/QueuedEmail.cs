using Nurture.Email.Sending;

namespace Nurture.Email.Outbox;

/// <summary>
/// A send in the outbox: the rendered message and where it stands. <see cref="Sender"/> null means the default
/// sender. A test send (<see cref="IsTest"/>) is sent at once by the template editor, never by the outbox.
/// </summary>
public sealed record QueuedEmail(
    Guid Id, Guid LeadId, string To, string TemplateId, string Subject, string Html, string Text,
    IReadOnlyList<string> Links, string? UnsubscribeUrl, string? TimeZone, string Origin,
    string Status = EmailOutbox.Queued, int Attempts = 0, string? LastError = null, DateTimeOffset? SentAt = null,
    Sender? Sender = null, bool IsTest = false);
