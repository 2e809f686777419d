namespace Nurture.Http;

/// <summary>
/// One refused thing and why, keyed by where it is: a body field by its JSON path from <c>$</c>
/// (<c>$.traits.company</c>, <c>$.rules[1].points</c>, <c>$</c> for the body as a whole); a query or
/// route parameter, a header or a form field by its name (<c>limit</c>, <c>id</c>, <c>Content-Type</c>, <c>file</c>).
/// </summary>
public sealed record FieldError(string Field, string Reason);
