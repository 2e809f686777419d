using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Hosting;

/// <summary>Settings under "Nurture" (appsettings or NURTURE__-style environment variables).</summary>
public sealed class NurtureOptions
{
    /// <summary>Bearer keys accepted by /api. At least one; each at least 16 characters.</summary>
    [MinLength(1, ErrorMessage = "Nurture:ApiKeys needs at least one API key (set Nurture__ApiKeys__0).")]
    public List<string> ApiKeys { get; set; } = [];

    public ClusterSettings Cluster { get; set; } = new();
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
