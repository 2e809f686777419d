using Microsoft.Extensions.Options;

namespace Nurture.Email.Sending;

/// <summary>Who an email is from and where replies go, as a send carries it. Nulls mean the defaults (Nurture:Smtp:From, FromName).</summary>
public sealed record Sender(string? FromAddress, string? FromName, string? ReplyTo);

/// <summary>
/// The addresses templates may send from: Nurture:Email:AllowedFromAddresses and the default sender
/// (Nurture:Smtp:From), compared without regard to case. A from address outside the list is refused when a
/// template is saved; one that was removed from the list since is replaced by the default when sending.
/// </summary>
public sealed partial class SenderAddresses(IOptions<EmailOptions> email, IOptions<SmtpOptions> smtp, ILogger<SenderAddresses> logger)
{
    public const int MaxFromNameLength = 100;

    public string DefaultAddress => smtp.Value.From;

    public string DefaultName => smtp.Value.FromName;

    /// <summary>The default sender first, then the configured ones, each once.</summary>
    public IReadOnlyList<string> Allowed =>
        [.. new[] { smtp.Value.From }.Concat(email.Value.AllowedFromAddresses.Select(a => a.Trim())).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool IsAllowed(string address) => Allowed.Contains(address.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The sender a send should carry for a template's choice, with an address no longer allowed replaced by the default.</summary>
    public Sender Resolve(string templateId, string? fromAddress, string? fromName, string? replyTo)
    {
        var address = fromAddress;
        if (address is not null && !IsAllowed(address))
        {
            LogNoLongerAllowed(templateId);
            address = null;
        }
        return new Sender(address, string.IsNullOrWhiteSpace(fromName) ? null : fromName, string.IsNullOrWhiteSpace(replyTo) ? null : replyTo);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Template {TemplateId} sends from an address that Nurture:Email:AllowedFromAddresses no longer lists; the default sender is used")]
    private partial void LogNoLongerAllowed(string templateId);
}
