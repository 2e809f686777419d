namespace Nurture.Abstractions.Leads;

/// <summary>Normalised email → the one lead that owns it. Key: <see cref="EmailAddress.Normalise"/>.</summary>
[Alias("nurture.IEmailIndexGrain")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Gives the email to the lead if nobody owns it; answers the owner either way.</summary>
    [Alias("Claim")]
    Task<Guid> ClaimAsync(Guid leadId);

    [Alias("GetOwner")]
    Task<Guid?> GetOwnerAsync();

    /// <summary>Moves the email from a merged-away lead to its survivor.</summary>
    [Alias("Transfer")]
    Task TransferAsync(Guid from, Guid to);

    /// <summary>Forgets the owner (erasure, or undoing an import that created the lead).</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid owner);
}
