namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// The modern Japanese eras (和暦), by the Gregorian date each began. Year 1 of an era (元年) is the Gregorian
/// year it began in, so 令和8年 is 2026. A fixed table rather than <see cref="System.Globalization.JapaneseCalendar"/>:
/// that one depends on the operating system's era registry and reads only from Meiji on anyway.
/// </summary>
public sealed record JapaneseEra(string Name, char Letter, DateOnly Start)
{
    public static IReadOnlyList<JapaneseEra> All { get; } =
    [
        new("明治", 'M', new DateOnly(1868, 10, 23)),
        new("大正", 'T', new DateOnly(1912, 7, 30)),
        new("昭和", 'S', new DateOnly(1926, 12, 25)),
        new("平成", 'H', new DateOnly(1989, 1, 8)),
        new("令和", 'R', new DateOnly(2019, 5, 1)),
    ];

    /// <summary>The first day of the next era, or null for the current one.</summary>
    public DateOnly? End
    {
        get
        {
            var index = All.ToList().IndexOf(this);
            return index + 1 < All.Count ? All[index + 1].Start : null;
        }
    }

    /// <summary>The era written as its name (令和) or its initial (R, r).</summary>
    public static JapaneseEra? Find(string nameOrLetter) =>
        All.FirstOrDefault(e => e.Name == nameOrLetter
            || (nameOrLetter.Length == 1 && char.ToUpperInvariant(nameOrLetter[0]) == e.Letter));

    public bool Contains(DateOnly date) => date >= Start && (End is not { } end || date < end);
}
