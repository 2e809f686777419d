using Nurture.Abstractions.Events;

namespace Nurture.Abstractions.Leads;

/// <summary>
/// A change to a lead from outside its tracked behaviour: the API, an import, a merge decision, the
/// hand-off. <see cref="Actor"/> says who ("user:ann@example.com", "key:ab12cd34", "import:…") and is
/// kept with every changed value in the lead's history.
/// </summary>
[GenerateSerializer, Immutable, Alias("nurture.LeadUpdate")]
public sealed record LeadUpdate
{
    [Id(0)] public required string Actor { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    /// <summary>Trait values to set; an empty string clears the trait. "email" adds an email the lead is known by.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> Traits { get; init; } = new Dictionary<string, string>();
    [Id(3)] public ConsentState? Consent { get; init; }
    /// <summary>The sales rep who owns the lead; null leaves it, an empty string clears it.</summary>
    [Id(4)] public string? Owner { get; init; }
    /// <summary>Where an offline lead came from (an import batch: "trade show 2026-10"); becomes a touch.</summary>
    [Id(5)] public AcquisitionSource? Source { get; init; }
}

/// <summary>What an update did. <see cref="Conflict"/> is set (and nothing applied) when an email belongs to another lead.</summary>
[GenerateSerializer, Immutable, Alias("nurture.LeadUpdateResult")]
public sealed record LeadUpdateResult(
    [property: Id(0)] Guid LeadId,
    [property: Id(1)] bool Created,
    [property: Id(2)] IReadOnlyList<string> ChangedFields,
    [property: Id(3)] Guid? Conflict);

/// <summary>Whether the person agreed to be contacted, with where and when they said so.</summary>
[GenerateSerializer, Immutable, Alias("nurture.ConsentState")]
public sealed record ConsentState(
    [property: Id(0)] string Status,
    [property: Id(1)] string Source,
    [property: Id(2)] DateTimeOffset At)
{
    public const string Granted = "granted";
    public const string Denied = "denied";
    public const string Unknown = "unknown";

    public static bool IsStatus(string? value) => value is Granted or Denied or Unknown;

    public override string ToString() => $"{Status} ({Source})";
}

/// <summary>What an erased lead held, so the server can remove it from every other store.</summary>
[GenerateSerializer, Immutable, Alias("nurture.ErasureReceipt")]
public sealed record ErasureReceipt(
    [property: Id(0)] Guid LeadId,
    [property: Id(1)] IReadOnlyList<Guid> LeadIds,
    [property: Id(2)] IReadOnlyList<string> Emails,
    [property: Id(3)] IReadOnlyList<string> VisitorKeys);

/// <summary>What reverting an actor's changes did: the lead removed, or these fields set back.</summary>
[GenerateSerializer, Immutable, Alias("nurture.RevertResult")]
public sealed record RevertResult([property: Id(0)] bool Removed, [property: Id(1)] IReadOnlyList<string> Fields);
