namespace Nurture.Email.Sending;

/// <summary>
/// One message ready for SMTP. <see cref="SendId"/> becomes the Message-ID, so a message that is
/// ever sent twice (a crash just after the server accepted it) can be recognised as the same one.
/// <see cref="Sender"/> null (or its nulls) means the default sender, Nurture:Smtp:From and FromName.
/// </summary>
public sealed record OutgoingEmail(
    Guid SendId,
    string To,
    string Subject,
    string Html,
    string Text,
    string? UnsubscribeUrl,
    Sender? Sender = null);

/// <summary>How a send ended: sent, or failed for now (retry) or for good.</summary>
public enum SendOutcome { Sent, TransientFailure, PermanentFailure }

public sealed record SendResult(SendOutcome Outcome, string? Error = null);
