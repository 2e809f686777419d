namespace Nurture.Server.Leads;

/// <summary>Nurture:Privacy settings.</summary>
public sealed class PrivacyOptions
{
    /// <summary>When ClickHouse deletes run again, for rows that were still in a spool at the erasure.</summary>
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
