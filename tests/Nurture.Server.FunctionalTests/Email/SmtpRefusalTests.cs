using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Email.Sending;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Email;

/// <summary>The SMTP sender against a server that refuses the recipient for now, quoting the address as servers do.</summary>
public sealed class SmtpRefusalTests
{
    [Fact]
    public async Task RecipientRefusedForNow_IsTransient_AndTheLogDoesNotQuoteTheAddress()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serving = ServeOneSessionAsync(server);
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        await using var sender = new SmtpEmailSender(Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Connections = 1 }),
            TimeProvider.System, loggers.CreateLogger<SmtpEmailSender>());

        var result = await sender.SendAsync(new OutgoingEmail(Guid.NewGuid(), "quinn.quaxley@example.com", "Hi", "<p>Hi</p>", "Hi", null), CancellationToken.None);

        Assert.Equal(SendOutcome.TransientFailure, result.Outcome);
        Assert.DoesNotContain(log.Lines, l => l.Contains("quinn.quaxley", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(log.Lines, l => l.Contains("refused for now (450", StringComparison.Ordinal));
        // The sender hung up after the refusal (it reconnects for the retry).
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Greets, accepts the sender, and refuses every recipient with a 450 that names it.</summary>
    private static async Task ServeOneSessionAsync(TcpListener server)
    {
        using var client = await server.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 stub ESMTP");
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            var reply = verb switch
            {
                "EHLO" or "HELO" => "250 stub",
                "MAIL" => "250 2.1.0 OK",
                "RCPT" => $"450 4.2.1 {line.Split(':', 2)[1].Trim()}: Recipient address rejected: greylisted, try again later",
                "QUIT" => "221 2.0.0 Bye",
                _ => "250 2.0.0 OK",
            };
            await writer.WriteLineAsync(reply);
            if (verb == "QUIT") return;
        }
    }
}
