using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Alerts;

/// <summary>
/// What an alert says: who the lead is, why they are hot (scores, top interests, the events that gave
/// the points), where they came from and what they just looked at. One payload, rendered as the
/// webhook JSON, a Slack text and the rep's email.
/// </summary>
public static class AlertContent
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static object Payload(Guid alertId, LeadState lead, ScoreReport score, Assignment assignment, string publicUrl, DateTimeOffset triggeredAt, string? note = null) => new
    {
        type = note is null ? "lead.hot" : "lead.handoff",
        alertId,
        triggeredAt,
        note,
        lead = new
        {
            id = lead.Id,
            url = LeadUrl(publicUrl, lead.Id),
            apiUrl = ApiUrl(publicUrl, lead.Id),
            email = lead.Emails.FirstOrDefault(),
            name = Trait(lead, "name"),
            company = Trait(lead, "company"),
            jobTitle = Trait(lead, "job_title"),
        },
        score = new
        {
            engagement = score.Engagement,
            grade = score.Grade,
            fit = score.Fit,
            stage = score.Stage,
            fitRules = score.FitRules,
            topInterests = score.Interest.OrderByDescending(p => p.Value).Take(3).Select(p => new { category = p.Key, points = p.Value }),
            contributions = score.TopContributions.Select(c => new { rule = c.RuleId, c.Category, c.Points, c.PointsNow, c.Url, c.At }),
        },
        source = new { firstTouch = lead.FirstTouch, lastTouch = lead.LastTouch },
        recentEvents = lead.RecentEvents.OrderByDescending(e => e.At).Take(10).Select(e => new { e.Type, e.Name, e.Url, e.Title, e.Channel, e.At }),
        assignment = new
        {
            rep = assignment.Rep is { } rep ? new { rep.Id, rep.Name, rep.Email } : null,
            reason = assignment.Reason,
        },
    };

    /// <summary>The lead's page in the console, what a person opens (signing in first returns there).</summary>
    public static string LeadUrl(string publicUrl, Guid leadId) => $"{publicUrl.TrimEnd('/')}/console/#/leads/{leadId}";

    /// <summary>The lead in the API, for the systems a webhook feeds.</summary>
    public static string ApiUrl(string publicUrl, Guid leadId) => $"{publicUrl.TrimEnd('/')}/api/leads/{leadId}";

    /// <summary>One line for Slack-compatible incoming webhooks.</summary>
    public static string SlackText(LeadState lead, ScoreReport score, Assignment assignment, string publicUrl) =>
        string.Create(CultureInfo.InvariantCulture,
            $":fire: Hot lead {Who(lead)}: score {score.Engagement}, grade {score.Grade}, fit {score.Fit}. " +
            $"Top interest: {string.Join(", ", TopInterests(score))}. First touch: {lead.FirstTouch?.Source.Channel ?? "unknown"}. " +
            $"Assigned: {assignment.Rep?.Name ?? "nobody"} ({assignment.Reason}). <{LeadUrl(publicUrl, lead.Id)}|Open lead>");

    public static string EmailSubject(LeadState lead, ScoreReport score) =>
        string.Create(CultureInfo.InvariantCulture, $"Hot lead: {Who(lead)} (score {score.Engagement}, grade {score.Grade})");

    public static string EmailText(LeadState lead, ScoreReport score, Assignment assignment, string publicUrl, string? note = null)
    {
        var text = new StringBuilder();
        if (note is null) text.Append(CultureInfo.InvariantCulture, $"{Who(lead)} just became a hot lead and is assigned to you ({assignment.Reason}).\n\n");
        else text.Append(CultureInfo.InvariantCulture, $"{Who(lead)} is handed to you ({assignment.Reason}): {note}.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Score {score.Engagement}, grade {score.Grade}, fit {score.Fit}, stage {score.Stage}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Top interest: {string.Join(", ", TopInterests(score))}.\n");
        text.Append(CultureInfo.InvariantCulture, $"First touch: {Touch(lead.FirstTouch)}; last touch: {Touch(lead.LastTouch)}.\n\nWhy:\n");
        foreach (var c in score.TopContributions) text.Append(CultureInfo.InvariantCulture, $"  +{c.Points} {c.RuleId} {c.Url}\n");
        text.Append("\nLast events:\n");
        foreach (var e in lead.RecentEvents.OrderByDescending(e => e.At).Take(10))
            text.Append(CultureInfo.InvariantCulture, $"  {e.At:u} {e.Type} {e.Name ?? e.Url}\n");
        text.Append(CultureInfo.InvariantCulture, $"\nOpen the lead: {LeadUrl(publicUrl, lead.Id)}\n");
        return text.ToString();
    }

    public static string ReminderSubject(LeadState lead) => $"Reminder: hot lead {Who(lead)} is waiting for your answer";

    public static string ReminderText(LeadState lead, TimeSpan waiting, string publicUrl) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Who(lead)} became a hot lead {(int)waiting.TotalMinutes} minutes ago and is assigned to you, with no answer yet.\n" +
            $"Accept or reject it, or it goes to another rep.\n\nOpen the lead: {LeadUrl(publicUrl, lead.Id)}\n");

    public static string EmailHtml(string text) =>
        $"<html><body><pre style=\"font-family: sans-serif\">{WebUtility.HtmlEncode(text)}</pre></body></html>";

    private static IEnumerable<string> TopInterests(ScoreReport score) =>
        score.Interest.OrderByDescending(p => p.Value).Take(3).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}"));

    private static string Touch(Touch? touch) =>
        touch is null ? "unknown" : $"{touch.Source.Channel}{(touch.Source.UtmSource is { } s ? $" ({s})" : "")}";

    private static string Who(LeadState lead) => Trait(lead, "name") is { } name
        ? $"{name} <{lead.Emails.FirstOrDefault()}>"
        : lead.Emails.FirstOrDefault() ?? lead.Id.ToString();

    private static string? Trait(LeadState lead, string name) => lead.Traits.TryGetValue(name, out var v) ? v.Value : null;
}
