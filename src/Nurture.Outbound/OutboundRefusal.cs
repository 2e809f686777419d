using System.Net;

namespace Nurture.Outbound;

/// <summary>
/// Why Nurture will not call a target: an internal address (reached directly or through <see cref="Host"/>),
/// or a cloud metadata service's name (<see cref="Address"/> null). Says so in words that name no more than
/// the address and the setting that would allow it.
/// </summary>
public sealed record OutboundRefusal(string? Host, IPAddress? Address, AddressKind Kind)
{
    private const string Never = "Nurture never calls cloud metadata services";

    public static OutboundRefusal MetadataName(string host) => new(host, null, AddressKind.CloudMetadata);

    /// <summary>For a URL being saved, after the field's name: "points to a loopback address (127.0.0.1); ...".</summary>
    public string ForSaving()
    {
        if (Address is null) return $"names a cloud metadata service ({Host}); {Never}";
        var what = $"{(Host is null ? "points to" : "resolves to")} {AddressClassifier.Describe(Kind)} ({Address})";
        if (Kind == AddressKind.CloudMetadata) return $"{what}; {Never}";
        return Host is null
            ? $"{what}; Nurture does not call internal addresses unless Nurture:Outbound:AllowedNetworks allows it"
            : $"{what}; Nurture does not call internal addresses unless Nurture:Outbound:AllowedHosts or Nurture:Outbound:AllowedNetworks allows it";
    }

    /// <summary>For a call that was not made: "refused: 127.0.0.1 is a loopback address".</summary>
    public string ForConnection()
    {
        if (Address is null) return $"refused: {Host} is a cloud metadata service";
        var what = $"{Address} is {AddressClassifier.Describe(Kind)}";
        return Host is null ? $"refused: {what}" : $"refused: {Host} resolves only to internal addresses ({what})";
    }
}
