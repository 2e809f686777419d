using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Hosting;

/// <summary>Settings under "Nurture" (appsettings or NURTURE__-style environment variables).</summary>
public sealed class NurtureOptions : IValidatableObject
{
    /// <summary>Bearer keys accepted by /api. At least one; each at least 16 characters.</summary>
    [MinLength(1, ErrorMessage = "Nurture:ApiKeys needs at least one API key (set Nurture__ApiKeys__0).")]
    public List<string> ApiKeys { get; set; } = [];

    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>
    /// Load balancers whose X-Forwarded-For is believed (addresses or CIDR networks, e.g. 10.0.0.5 or
    /// 10.0.0.0/24). Empty: the connection's own address is the client's. Only the last hop is taken,
    /// so a client cannot pose as another by sending the header itself.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!Hosting.TrustedProxies.IsValid(TrustedProxies[i]))
                yield return new ValidationResult($"Nurture:TrustedProxies:{i} ('{TrustedProxies[i]}') must be an IP address or a CIDR network such as 10.0.0.0/24.", [nameof(TrustedProxies)]);
        }
    }
}

public sealed class ClusterSettings
{
    /// <summary>Silos with the same ClusterId and database form one cluster.</summary>
    [Required] public string ClusterId { get; set; } = "nurture";

    /// <summary>Grain state and reminders are keyed by it: keep it for the life of the data.</summary>
    [Required] public string ServiceId { get; set; } = "nurture";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at.</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
