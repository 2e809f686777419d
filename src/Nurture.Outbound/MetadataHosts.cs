namespace Nurture.Outbound;

/// <summary>
/// Host names of cloud metadata services. Refused by name as well as by address: inside the cloud they
/// resolve to the metadata endpoint, and a lookup made elsewhere (at save time, say) may not show it.
/// </summary>
public static class MetadataHosts
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata",                  // GCP's short name, through the google.internal search domain
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",             // AWS
        "instance-data.ec2.internal",
    };

    /// <summary>True for a metadata service's name, however it is spelled (case, trailing dot, regional AWS forms).</summary>
    public static bool Contains(string host)
    {
        var name = host.TrimEnd('.');
        if (Names.Contains(name)) return true;
        // instance-data.<region>.compute.internal and the like.
        var first = name.Split('.')[0];
        return name.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            && (first.Equals("metadata", StringComparison.OrdinalIgnoreCase) || first.Equals("instance-data", StringComparison.OrdinalIgnoreCase));
    }
}
