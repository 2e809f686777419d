using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// What a column of an uploaded training file looks like, as the console shows it before training. Only
/// <see cref="Number"/>, <see cref="Category"/> and <see cref="YesNo"/> columns are used unless the person
/// ticks the others; an <see cref="Empty"/> column never is.
/// </summary>
[JsonConverter(typeof(ColumnKindConverter))]
public enum ColumnKind
{
    /// <summary>Every value reads as a number.</summary>
    Number,

    /// <summary>A few values repeated (a job title, a country).</summary>
    Category,

    /// <summary>Every value is a yes or a no (1/0, true/false, won/lost, はい/いいえ): a feature, or the outcome.</summary>
    YesNo,

    /// <summary>Every value is a date: in a file it means something else than on a live lead ("days since" numbers do not).</summary>
    Date,

    /// <summary>Free text: long or nearly all different, so a model would memorise it rather than learn.</summary>
    Text,

    /// <summary>Nearly every value different and short (an id, an email, a name): nothing to learn from.</summary>
    IdLike,

    /// <summary>No value at all.</summary>
    Empty,
}

/// <summary>"number", "yesNo", "idLike" in JSON, not 0, 2, 5.</summary>
public sealed class ColumnKindConverter() : JsonStringEnumConverter<ColumnKind>(JsonNamingPolicy.CamelCase);
