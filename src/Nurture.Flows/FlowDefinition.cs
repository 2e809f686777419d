using System.Text.Json;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Scoring.Model;

namespace Nurture.Flows;

/// <summary>A validated flow: its trigger, re-entry rule, optional goal, and steps by id.</summary>
public sealed class FlowDefinition
{
    public required string Id { get; init; }
    public int Version { get; init; }
    public required string Name { get; init; }
    public required FlowTrigger Trigger { get; init; }
    /// <summary>Null: a lead enters once; otherwise again after this long since it last entered.</summary>
    public TimeSpan? ReentryAfter { get; init; }
    public bool ReentryNever { get; init; } = true;
    public FlowCondition? Goal { get; init; }
    public required string Start { get; init; }
    public required IReadOnlyDictionary<string, FlowStep> Steps { get; init; }
    public required JsonElement Document { get; init; }
}

/// <summary>
/// What enrols a lead: an event matching a behaviour rule's match, reaching a stage, a score reaching a
/// threshold (one interest category, or the whole engagement when <see cref="ScoreCategory"/> is null);
/// or only the API.
/// </summary>
public sealed record FlowTrigger(BehaviourRule? Event, string? Stage, bool Manual, double? ScoreAtLeast = null, string? ScoreCategory = null, string? Segment = null);

/// <summary>A step. Which fields are set depends on <see cref="Type"/>; the parser guarantees it.</summary>
public sealed record FlowStep
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? Next { get; init; }
    public string? Template { get; init; }
    public TimeSpan? Duration { get; init; }
    public BehaviourRule? Event { get; init; }
    public string? TimeoutNext { get; init; }
    public FlowCondition? Condition { get; init; }
    public string? Then { get; init; }
    public string? Else { get; init; }
    public string? Trait { get; init; }
    public string? Value { get; init; }
    /// <summary>notify_sales: what the rep should know ("asked for a quote").</summary>
    public string? Note { get; init; }
    /// <summary>wait_until: the local time of day, and the weekdays allowed (all when null).</summary>
    public TimeOnly? At { get; init; }
    public IReadOnlySet<DayOfWeek>? Weekdays { get; init; }
    /// <summary>choose_email: the variants, each for an interest category (or for anyone when null).</summary>
    public IReadOnlyList<EmailCandidate>? Candidates { get; init; }

    /// <summary>Steps that make a lead wait: every cycle must contain one, or it would loop at once for ever.</summary>
    public bool Waits => Type is FlowStepTypes.Wait or FlowStepTypes.WaitForEvent or FlowStepTypes.WaitUntil;

    public IEnumerable<string> Targets()
    {
        foreach (var target in new[] { Next, TimeoutNext, Then, Else }) if (target is not null) yield return target;
    }
}

public static class FlowStepTypes
{
    public const string SendEmail = "send_email";
    public const string Wait = "wait";
    public const string WaitForEvent = "wait_for_event";
    public const string WaitUntil = "wait_until";
    public const string ChooseEmail = "choose_email";
    public const string Branch = "branch";
    public const string SetTrait = "set_trait";
    public const string NotifySales = "notify_sales";
    public const string End = "end";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { SendEmail, ChooseEmail, Wait, WaitForEvent, WaitUntil, Branch, SetTrait, NotifySales, End };
}

/// <summary>A variant of a choose_email step: its template, and the interest category it is written for.</summary>
public sealed record EmailCandidate(string Template, string? Category);

/// <summary>
/// A test on the lead, for branches and goals: the condition builder's groups and tests (<see cref="Lead"/>,
/// as segments take them, plus interest and the run's last email); or the older single tests: stage in a
/// set, grade in a set, a trait's value, the first touch's channel, interest in a category at least a value,
/// whether the flow's last email was opened or clicked; or an event (goals only). All that are set must hold.
/// </summary>
public sealed record FlowCondition(
    IReadOnlyList<string>? Stages = null, IReadOnlyList<string>? Grades = null, string? Trait = null, string? TraitEquals = null,
    string? Channel = null, string? Interest = null, double? AtLeast = null, bool? OpenedLastEmail = null, bool? ClickedLastEmail = null,
    BehaviourRule? Event = null, LeadCondition? Lead = null);
