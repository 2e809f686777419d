using Nurture.Abstractions.Leads;
using System.Globalization;
using Nurture.EventStore;

namespace Nurture.Server.Leads;

/// <summary>
/// The lead list as a spreadsheet, for people who still need one. Trait columns carry the trait names,
/// the same an import maps to, so an exported file can be edited and imported back as it is. Cells that
/// would run as formulas in Excel are neutralised by the writer.
/// </summary>
public static class LeadSpreadsheet
{
    public static readonly string[] TraitColumns =
        ["email", "name", "name_kana", "company", "department", "title", "phone", "address", "country"];

    public static readonly string[] Headers =
    [
        "id", .. TraitColumns, "stage", "grade", "engagement", "fit", "owner", "consent",
        "first_channel", "first_source", "first_campaign", "created_at", "last_seen",
    ];

    public static string?[] Row(LeadListItem lead) =>
    [
        lead.Id.ToString("D"),
        .. TraitColumns.Select(t => t == "email" ? lead.Email : lead.Traits.GetValueOrDefault(t)),
        lead.Stage, lead.Grade, lead.Engagement.ToString("0.##", CultureInfo.InvariantCulture), lead.Fit.ToString("0.##", CultureInfo.InvariantCulture),
        lead.Owner, lead.Consent, lead.FirstChannel, lead.FirstSource, lead.FirstCampaign,
        lead.CreatedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), lead.LastSeen?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    ];

    /// <summary>Every matching lead, as rows of <see cref="Headers"/>.</summary>
    public static async Task<List<string?[]>> RowsAsync(LeadDirectory directory, LeadFilter filter, CancellationToken cancellationToken)
    {
        var rows = new List<string?[]>();
        await foreach (var lead in directory.ReadAllAsync(filter, cancellationToken)) rows.Add(Row(lead));
        return rows;
    }
}
