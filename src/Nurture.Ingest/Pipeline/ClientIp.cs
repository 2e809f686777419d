using System.Net;
using System.Net.Sockets;

namespace Nurture.Ingest.Pipeline;

/// <summary>Coarsens client IPs before storage unless the operator asked for raw ones.</summary>
public static class ClientIp
{
    public static string? ForStorage(IPAddress? address, bool keepRaw)
    {
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (keepRaw) return address.ToString();
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
        return new IPAddress(bytes).ToString();
    }
}
