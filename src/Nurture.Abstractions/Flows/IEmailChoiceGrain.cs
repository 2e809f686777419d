namespace Nurture.Abstractions.Flows;

/// <summary>
/// What one "choose the next email" step has learned for one segment: sends and clicks per variant.
/// Key: "flow/step/interest/stage".
/// </summary>
[Alias("nurture.IEmailChoiceGrain")]
public interface IEmailChoiceGrain : IGrainWithStringKey
{
    [Alias("Choose")]
    Task<EmailChoice> ChooseAsync(IReadOnlyList<string> templates);

    [Alias("RecordClick")]
    Task RecordClickAsync(string template);

    [Alias("GetStats")]
    Task<IReadOnlyDictionary<string, EmailVariantStats>> GetStatsAsync();
}

[GenerateSerializer, Immutable, Alias("nurture.EmailChoice")]
public sealed record EmailChoice([property: Id(0)] string Template, [property: Id(1)] string Reason);

[GenerateSerializer, Immutable, Alias("nurture.EmailVariantStats")]
public sealed record EmailVariantStats([property: Id(0)] long Sends, [property: Id(1)] long Clicks);
