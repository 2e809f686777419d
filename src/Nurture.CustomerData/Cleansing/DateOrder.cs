namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// How to read a date whose year comes last, such as "5/10/2026": the file's convention, chosen by the person
/// importing it. Dates with the year first (ISO, Japanese) are unambiguous and ignore it.
/// </summary>
public enum DateOrder
{
    /// <summary>"10/5/2026" is 5 October (United States).</summary>
    MonthFirst,

    /// <summary>"5/10/2026" is 5 October (Europe, most of the world).</summary>
    DayFirst,
}
