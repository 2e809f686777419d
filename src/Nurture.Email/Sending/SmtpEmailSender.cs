using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Nurture.Email.Sending;

/// <summary>
/// Sends over one reused SMTP connection (reconnecting when it drops), at most
/// <see cref="SmtpOptions.MaxPerSecond"/>. Classifies failures: 4xx replies and broken connections are
/// transient, 5xx replies are permanent.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SmtpClient client = new();
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = Build(email);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await PaceAsync(cancellationToken);
            await ConnectAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
            return new SendResult(SendOutcome.Sent);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new SendResult(SendOutcome.PermanentFailure, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or SocketException
                                       or ServiceNotConnectedException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogTransient(ex, email.SendId);
            await DisconnectQuietlyAsync();
            return new SendResult(SendOutcome.TransientFailure, ex.Message);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectQuietlyAsync();
        client.Dispose();
    }

    private MimeMessage Build(OutgoingEmail email)
    {
        var o = options.Value;
        var message = new MimeMessage { Subject = email.Subject, MessageId = $"{email.SendId:N}@nurture" };
        message.From.Add(new MailboxAddress(o.FromName, o.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        if (email.UnsubscribeUrl is not null)
        {
            // RFC 2369 and RFC 8058: mail apps show an unsubscribe button that POSTs to us in one click.
            message.Headers.Add("List-Unsubscribe", $"<{email.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Body = new BodyBuilder { HtmlBody = email.Html, TextBody = email.Text }.ToMessageBody();
        return message;
    }

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (nextSlot > now) await Task.Delay(nextSlot - now, time, cancellationToken);
        nextSlot = (nextSlot > now ? nextSlot : now) + TimeSpan.FromSeconds(1 / options.Value.MaxPerSecond);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (client.IsConnected) return;
        var o = options.Value;
        var security = o.Security switch
        {
            "StartTls" => SecureSocketOptions.StartTlsWhenAvailable,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        client.Timeout = 30_000;
        await client.ConnectAsync(o.Host, o.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", cancellationToken);
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
        {
            // Already gone: the next send reconnects.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {SendId} failed for now; it will be retried")]
    private partial void LogTransient(Exception exception, Guid sendId);
}
