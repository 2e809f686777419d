using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Http;

namespace Nurture.Handoff.Sales;

/// <summary>
/// A call, meeting or note a rep logs on a lead (POST /api/leads/{id}/activities), read field by field:
/// the kind, an outcome from a closed list (required for calls and meetings), the free text (required for a
/// note; newlines kept, other control characters refused) and, for admins, the rep it is logged for.
/// </summary>
public sealed record SalesActivityRequest(string Kind, string? Outcome, string? Note, string? Rep)
{
    public const int MaxNoteLength = 2000;

    /// <summary>The kinds, with the event each becomes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["call"] = SalesEvents.Call, ["meeting"] = SalesEvents.Meeting, ["note"] = SalesEvents.Note,
    };

    /// <summary>What came of it, in the order the console offers them.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["reached", "no_answer", "left_message", "meeting_booked", "follow_up", "not_interested"];

    private static readonly Dictionary<string, string> OutcomeWords = new(StringComparer.Ordinal)
    {
        ["reached"] = "reached them", ["no_answer"] = "no answer", ["left_message"] = "left a message",
        ["meeting_booked"] = "meeting booked", ["follow_up"] = "follow up later", ["not_interested"] = "not interested",
    };

    /// <summary>The activity in words for the lead's change history: "Call: left a message".</summary>
    public string Summary => char.ToUpperInvariant(Kind[0]) + Kind[1..] + (Outcome is null ? "" : ": " + OutcomeWords[Outcome]);

    public string EventType => Kinds[Kind];

    /// <summary>The request, or null with the errors added to the body's.</summary>
    public static SalesActivityRequest? Parse(JsonBody body)
    {
        var kind = body.String("kind", 20, required: true);
        if (kind is not null && !Kinds.ContainsKey(kind))
        {
            body.Error("kind", $"must be one of {string.Join(", ", Kinds.Keys)}");
            kind = null;
        }
        var outcome = body.String("outcome", 40, required: false);
        if (outcome is not null && !Outcomes.Contains(outcome))
        {
            body.Error("outcome", $"must be one of {string.Join(", ", Outcomes)}");
            outcome = null;
        }
        else if (outcome is null && kind is "call" or "meeting" && !HasError(body, "outcome"))
        {
            body.Error("outcome", $"is required for a {kind}: one of {string.Join(", ", Outcomes)}");
        }
        var note = NoteText(body);
        if (note is null && kind == "note" && !HasError(body, "note")) body.Error("note", "is required for a note");
        var rep = body.String("rep", 64, required: false);
        return body.Errors.Count == 0 && kind is not null ? new SalesActivityRequest(kind, outcome, note, rep) : null;
    }

    private static bool HasError(JsonBody body, string name) => body.Errors.Any(e => e.Field == JsonBody.PathOf(name));

    /// <summary>The free text: several lines are fine (CR LF becomes LF), other control characters and broken Unicode are not.</summary>
    private static string? NoteText(JsonBody body)
    {
        if (body.Value("note") is not { } value) return null;
        if (JsonBody.Text(value) is not { } raw)
        {
            body.Error("note", value.ValueKind == JsonValueKind.String ? "must not contain invalid Unicode" : "must be a string");
            return null;
        }
        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > MaxNoteLength)
        {
            body.Error("note", $"must be at most {MaxNoteLength} characters");
            return null;
        }
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\t') || UnicodeText.HasLoneSurrogate(text))
        {
            body.Error("note", "must not contain control characters (other than new lines) or invalid Unicode");
            return null;
        }
        return text.Length == 0 ? null : text;
    }
}
