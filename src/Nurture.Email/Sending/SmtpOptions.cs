using System.ComponentModel.DataAnnotations;

namespace Nurture.Email.Sending;

public sealed class SmtpOptions
{
    [Required(ErrorMessage = "Nurture:Smtp:Host is required.")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Nurture:Smtp:Port must be a port number.")]
    public int Port { get; set; } = 2525;

    /// <summary>None, StartTls (when the server offers it), or SslOnConnect.</summary>
    public string Security { get; set; } = "None";

    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress(ErrorMessage = "Nurture:Smtp:From must be an email address.")]
    public string From { get; set; } = "nurture@localhost.localdomain";

    public string FromName { get; set; } = "Nurture";

    /// <summary>
    /// SMTP connections used at once. A send waits for the server's answer to its final dot; parallel
    /// connections keep the relay busy meanwhile. Relays limit connections per client: keep it small.
    /// </summary>
    [Range(1, 32, ErrorMessage = "Nurture:Smtp:Connections must be 1 to 32.")]
    public int Connections { get; set; } = 4;

    /// <summary>Messages per second at most: providers throttle, and bursts look like spam.</summary>
    [Range(0.1, 10_000)]
    public double MaxPerSecond { get; set; } = 20;
}
