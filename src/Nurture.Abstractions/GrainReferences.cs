using Orleans.Runtime;

namespace Nurture.Abstractions;

/// <summary>
/// Makes references to grains of one interface on a hot path. <c>GetGrain&lt;T&gt;</c> resolves the
/// interface's grain type and interface type from its attributes by reflection on every call
/// (1–2% of server CPU in the dispatcher); this resolves them once, from a first reference.
/// </summary>
public sealed class GrainReferences<TGrain> where TGrain : IAddressable
{
    private readonly IGrainFactory grains;
    private readonly GrainType grainType;
    private readonly GrainInterfaceType interfaceType;

    /// <param name="sample">Any reference of this interface, made the ordinary way.</param>
    public GrainReferences(IGrainFactory grains, TGrain sample)
    {
        this.grains = grains;
        var reference = (GrainReference)(object)sample;
        grainType = reference.GrainId.Type;
        interfaceType = reference.InterfaceType;
    }

    public TGrain Get(string key) => (TGrain)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);

    public TGrain Get(Guid key) => (TGrain)grains.GetGrain(GrainId.Create(grainType, GrainIdKeyExtensions.CreateGuidKey(key)), interfaceType);
}
