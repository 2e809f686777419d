using Nurture.Ingest.Pipeline;

namespace Nurture.Email.Tracking;

/// <summary>The ingest side of email-click identification: a valid visit token names its lead.</summary>
public sealed class EmailVisitLinkReader(EmailTokens tokens) : IVisitLinkReader
{
    public Guid? LeadOf(string token) => tokens.TryRead(token, TokenKind.Visit, out var visit) ? visit.LeadId : null;
}
