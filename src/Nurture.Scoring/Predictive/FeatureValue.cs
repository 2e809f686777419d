using System.Globalization;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// One feature of one lead or training row: a number or a text (a category). A missing value is no
/// value at all (absent from the feature set, or null in a row), never a special number or string.
/// </summary>
public readonly record struct FeatureValue
{
    private FeatureValue(double? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public double? Number { get; }
    public string? Text { get; }
    public bool IsNumber => Number is not null;

    public static FeatureValue Of(double number) => new(number, null);

    /// <summary>A text value, or null when it is blank or a placeholder such as "Select" or "N/A".</summary>
    public static FeatureValue? Of(string? text) => FeatureText.IsMissing(text) ? null : new FeatureValue(null, text!.Trim());

    /// <summary>The value as a finite number, when it is one or is text that reads as one (invariant culture).</summary>
    public double? AsNumber() => Number ?? FeatureText.ParseNumber(Text);

    /// <summary>The value as a category key: numbers in invariant form, text normalised (see <see cref="FeatureText.CategoryKey"/>).</summary>
    public string AsCategory() =>
        Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : FeatureText.CategoryKey(Text!);

    public override string ToString() => Number?.ToString("R", CultureInfo.InvariantCulture) ?? Text ?? "";
}
