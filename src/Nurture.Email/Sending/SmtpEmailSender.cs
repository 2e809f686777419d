using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Nurture.Email.Sending;

/// <summary>
/// Sends over a few reused SMTP connections (<see cref="SmtpOptions.Connections"/>, each reconnecting
/// when it drops), all together at most <see cref="SmtpOptions.MaxPerSecond"/>. Classifies failures:
/// 4xx replies and broken connections are transient, 5xx replies are permanent.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<SmtpOptions> options, TimeProvider time, ILogger<SmtpEmailSender> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim connections = new(options.Value.Connections, options.Value.Connections);
    private readonly ConcurrentBag<SmtpClient> idle = [];
    private readonly ConcurrentBag<SmtpClient> opened = [];
    private readonly SendPacer pacer = new(time);

    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = Build(email);
        await connections.WaitAsync(cancellationToken);
        var client = TakeClient();
        try
        {
            await pacer.WaitTurnAsync(options.Value.MaxPerSecond, cancellationToken);
            await ConnectAsync(client, cancellationToken);
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
            // A server's reply to a command often quotes the recipient's address: the log gets its code only.
            if (ex is SmtpCommandException refused) LogRefusedForNow(email.SendId, (int)refused.StatusCode, refused.ErrorCode);
            else LogTransient(ex, email.SendId);
            await DisconnectQuietlyAsync(client);
            return new SendResult(SendOutcome.TransientFailure, ex.Message);
        }
        finally
        {
            idle.Add(client);
            connections.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in opened)
        {
            await DisconnectQuietlyAsync(client);
            client.Dispose();
        }
    }

    /// <summary>An idle connection, or a new one while fewer than the limit exist (the semaphore bounds them).</summary>
    private SmtpClient TakeClient()
    {
        if (idle.TryTake(out var client)) return client;
        client = new SmtpClient();
        opened.Add(client);
        return client;
    }

    private MimeMessage Build(OutgoingEmail email)
    {
        var o = options.Value;
        var message = new MimeMessage { Subject = email.Subject, MessageId = $"{email.SendId:N}@nurture" };
        message.From.Add(new MailboxAddress(email.Sender?.FromName ?? o.FromName, email.Sender?.FromAddress ?? o.From));
        if (email.Sender?.ReplyTo is { } replyTo) message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
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

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
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

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {SendId} refused for now ({Status}, {Refusal}); it will be retried")]
    private partial void LogRefusedForNow(Guid sendId, int status, SmtpErrorCode refusal);
}
