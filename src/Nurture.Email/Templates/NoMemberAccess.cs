using Fluid;

namespace Nurture.Email.Templates;

/// <summary>
/// Fluid reads the public properties of any .NET object it meets by default. The template model is
/// made of dictionaries, strings and numbers only: no object's members are readable, so a value put
/// into the model by mistake shows nothing of itself.
/// </summary>
internal sealed class NoMemberAccess : MemberAccessStrategy
{
    public override MemberAccessor? GetAccessor(Type type, string name, StringComparer stringComparer) => null;

    public override void Register(Type type, string name, MemberAccessor getter) =>
        throw new NotSupportedException("Templates read the lead model's dictionaries only.");
}
