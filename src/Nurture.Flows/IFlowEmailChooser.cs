namespace Nurture.Flows;

/// <summary>The learning behind the "choose the next email" step, shared by every lead of a flow step and segment.</summary>
public interface IFlowEmailChooser
{
    /// <summary>One of <paramref name="templates"/> for a lead of this segment, and why it was chosen.</summary>
    Task<(string Template, string Reason)> ChooseAsync(string choiceKey, IReadOnlyList<string> templates);

    /// <summary>The chosen email was clicked (once per send).</summary>
    Task RecordClickAsync(string choiceKey, string template);
}
