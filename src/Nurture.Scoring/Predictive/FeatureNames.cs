using System.Text;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// The names of the features <see cref="LeadFeatures"/> produces. Training columns are matched to them by
/// <see cref="MatchKey"/> (see <see cref="FeatureSchema.LiveSource"/>), so a CSV column "Page views" is fed
/// from <c>page_views</c> and a column "Job title" from the trait <c>jobTitle</c>.
/// </summary>
public static class FeatureNames
{
    public const string Sessions = "sessions";
    public const string PageViews = "page_views";
    public const string Events = "events";
    public const string DaysSinceFirstSeen = "days_since_first_seen";
    public const string DaysSinceLastSeen = "days_since_last_seen";
    public const string FirstChannel = "first_channel";
    public const string FirstUtmSource = "first_utm_source";
    public const string FirstUtmMedium = "first_utm_medium";
    public const string LastChannel = "last_channel";
    public const string Fit = "fit";
    public const string Grade = "grade";
    public const string InterestPrefix = "interest_";
    public const string TraitPrefix = "trait_";

    public static string Interest(string category) => InterestPrefix + category.ToLowerInvariant();

    public static string Trait(string name) => TraitPrefix + name.ToLowerInvariant();

    /// <summary>Letters and digits of the name, lower case: "Job Title", "job_title" and "jobTitle" all give "jobtitle".</summary>
    public static string MatchKey(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c)) key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }
}
