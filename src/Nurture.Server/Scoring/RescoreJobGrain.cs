using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Leads;
using Nurture.Scoring;

namespace Nurture.Server.Scoring;

/// <summary>
/// Walks every lead in ClickHouse (in lead-id order, a page per timer tick), replays each surviving
/// lead's history through the current model and swaps the scores in. Leads whose newest events have
/// not reached ClickHouse yet are retried at the end. A reminder keeps a run going across restarts;
/// the cursor is persisted after every page. A person merged from several ids is listed once per id
/// with events: it is re-scored when the walk reaches the first of them, so the job's state is the
/// cursor and the leads waiting for a retry, whatever the number of leads. The ClickHouse reads happen inside this grain's turns on
/// purpose: it is a background job, not on any hot path, and one page at a time keeps it gentle.
/// </summary>
public sealed partial class RescoreJobGrain(
    [PersistentState("rescore", StorageNames.Leads)] IPersistentState<RescoreJobState> job,
    ClickHouseStore store,
    LeadHistory history,
    IScoringModelSource models,
    TimeProvider time,
    ILogger<RescoreJobGrain> logger) : Grain, IRescoreJobGrain, IRemindable
{
    private const int PageSize = 200;
    private const int MaxAttempts = 5;
    private const string ReminderName = "rescore";
    private IGrainTimer? timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (job.State.Running) StartTimer();
        return Task.CompletedTask;
    }

    public async Task<RescoreStatus> StartAsync()
    {
        if (!job.State.Running)
        {
            job.State = new RescoreJobState { Running = true, ModelVersion = models.Current.Version, StartedAt = time.GetUtcNow() };
            await job.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartTimer();
        }
        return Status();
    }

    public Task<RescoreStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Only here to bring the job back after a restart; OnActivateAsync restarts the timer.
        return Task.CompletedTask;
    }

    private void StartTimer() =>
        timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!job.State.Running) return;
        var state = job.State;
        try
        {
            if (!state.ListingDone)
            {
                var page = await store.QueryAsync(
                    $"SELECT DISTINCT toString(lead_id) AS id FROM events WHERE is_bot = 0 AND toString(lead_id) > {ClickHouseSql.Quote(state.Cursor)} ORDER BY id LIMIT {PageSize}",
                    cancellationToken);
                if (page.Count == 0) state.ListingDone = true;
                else
                {
                    foreach (var row in page) await RescoreAsync(Guid.Parse(row.GetProperty("id").GetString()!), attempt: 0, cancellationToken);
                    state.Cursor = page[^1].GetProperty("id").GetString()!;
                }
            }
            else if (state.Waiting.Count > 0)
            {
                var retry = state.Waiting.ToList();
                state.Waiting.Clear();
                foreach (var (lead, attempt) in retry) await RescoreAsync(lead, attempt, cancellationToken);
                if (state.Waiting.Count > 0) await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
            else
            {
                await FinishAsync(null);
                return;
            }
            state.LastError = null;
            await job.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // ClickHouse away, say: keep the cursor and try again on the next tick.
            state.LastError = ex.Message;
            LogTickFailed(ex);
        }
    }

    private async Task RescoreAsync(Guid listedId, int attempt, CancellationToken cancellationToken)
    {
        var lead = await Resolve(listedId);
        if (lead is null) return;
        var events = await history.ReadAsync(lead.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList(), lead.HistoryIds, cancellationToken);
        // Another of the person's ids comes first in the walk (ClickHouse's order of toString): done there.
        if (attempt == 0 && FirstListedId(events) is { } first && first != listedId) return;
        if (await GrainFactory.GetGrain<ILeadGrain>(lead.Id).RescoreAsync(events))
        {
            job.State.Rescored++;
            return;
        }
        if (attempt + 1 >= MaxAttempts) job.State.Skipped++;
        else job.State.Waiting[listedId] = attempt + 1;
    }

    /// <summary>The smallest lead id the walk lists for this history: ids compared as ClickHouse compares their text.</summary>
    private static Guid? FirstListedId(IReadOnlyList<TrackedEvent> events)
    {
        Guid? first = null;
        foreach (var e in events)
        {
            if (e.IsBot) continue;
            if (first is null || string.CompareOrdinal(e.LeadId.ToString("D"), first.Value.ToString("D")) < 0) first = e.LeadId;
        }
        return first;
    }

    private async Task<LeadState?> Resolve(Guid leadId)
    {
        var current = leadId;
        for (var hop = 0; hop < 16; hop++)
        {
            var state = await GrainFactory.GetGrain<ILeadGrain>(current).GetAsync();
            if (state?.MergedInto is not { } next) return state;
            current = next;
        }
        return null;
    }

    private async Task FinishAsync(string? error)
    {
        job.State.Running = false;
        job.State.FinishedAt = time.GetUtcNow();
        job.State.LastError = error;
        await job.WriteStateAsync();
        timer?.Dispose();
        timer = null;
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null) await this.UnregisterReminder(reminder);
        LogFinished(job.State.ModelVersion, job.State.Rescored, job.State.Skipped);
    }

    private RescoreStatus Status()
    {
        var s = job.State;
        var state = s.Running ? "running" : s.FinishedAt is null ? "idle" : "done";
        return new RescoreStatus(state, s.ModelVersion, s.Rescored, s.Waiting.Count, s.Skipped, s.StartedAt, s.FinishedAt, s.LastError);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-scoring step failed; retrying")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-scoring with model {Version} finished: {Rescored} leads re-scored, {Skipped} skipped")]
    private partial void LogFinished(int version, long rescored, long skipped);
}

[GenerateSerializer, Alias("nurture.RescoreJobState")]
public sealed class RescoreJobState
{
    [Id(0)] public bool Running { get; set; }
    [Id(1)] public int ModelVersion { get; set; }
    [Id(2)] public string Cursor { get; set; } = "";
    [Id(3)] public bool ListingDone { get; set; }
    [Id(4)] public long Rescored { get; set; }
    [Id(5)] public long Skipped { get; set; }
    /// <summary>Listed lead ids whose history had not reached ClickHouse yet, with the attempts made.</summary>
    [Id(6)] public Dictionary<Guid, int> Waiting { get; set; } = [];
    // Id 7 held every lead seen, rewritten after each page: retired (the cursor alone decides now).
    [Id(8)] public DateTimeOffset? StartedAt { get; set; }
    [Id(9)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(10)] public string? LastError { get; set; }
}
