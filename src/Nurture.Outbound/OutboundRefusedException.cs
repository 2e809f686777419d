namespace Nurture.Outbound;

/// <summary>A call the outbound policy did not let through; the message is fit to store and show (it names only the address and why).</summary>
public sealed class OutboundRefusedException(OutboundRefusal refusal) : Exception(refusal.ForConnection())
{
    public OutboundRefusal Refusal { get; } = refusal;
}
