namespace Nurture.Abstractions.Events;

/// <summary>Where a visit came from: the channel plus the raw parameters that decided it.</summary>
[GenerateSerializer, Immutable, Alias("nurture.AcquisitionSource")]
public sealed record AcquisitionSource
{
    public static readonly AcquisitionSource Direct = new() { Channel = "direct" };

    [Id(0)] public required string Channel { get; init; }
    [Id(1)] public string? UtmSource { get; init; }
    [Id(2)] public string? UtmMedium { get; init; }
    [Id(3)] public string? UtmCampaign { get; init; }
    [Id(4)] public string? UtmTerm { get; init; }
    [Id(5)] public string? UtmContent { get; init; }
    [Id(6)] public string? ClickIdName { get; init; }
    [Id(7)] public string? ClickId { get; init; }
}
