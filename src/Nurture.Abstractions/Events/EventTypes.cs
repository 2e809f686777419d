namespace Nurture.Abstractions.Events;

/// <summary>The event types on the wire, shared with tracker-js.</summary>
public static class EventTypes
{
    public const string PageView = "page_view";
    public const string Click = "click";
    public const string FormSubmit = "form_submit";
    public const string Identify = "identify";
    public const string Custom = "custom";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>(StringComparer.Ordinal) { PageView, Click, FormSubmit, Identify, Custom };
}
