using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Flows;
using Nurture.Leads;

namespace Nurture.Server.Flows;

/// <summary>
/// After a flow is started again, asks every lead with an open run in it to look at its waits again
/// (<see cref="ILeadGrain.ResumeFlowsAsync"/>): a wait that ended during the pause moves on now, and a
/// wait still to come gets back the timer and reminder its lead dropped. The open runs come from
/// ClickHouse (<see cref="OpenFlowRuns"/>), a page per timer tick; the cursor is persisted after each
/// page and a reminder brings an unfinished walk back after a restart. Waking a lead twice is harmless.
/// A flow paused again before the walk ends stops it; starting it once more starts a new walk.
/// </summary>
public sealed partial class FlowResumeJobGrain(
    [PersistentState("flowResume", StorageNames.Leads)] IPersistentState<FlowResumeJobState> job,
    OpenFlowRuns openRuns,
    IFlowCatalog catalog,
    TimeProvider time,
    ILogger<FlowResumeJobGrain> logger) : Grain, IFlowResumeJobGrain, IRemindable
{
    private const int PageSize = 500;
    private const int Concurrency = 8;
    private const string ReminderName = "flowResume";
    private IGrainTimer? timer;

    private string FlowId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (job.State.Running) StartTimer(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        job.State = new FlowResumeJobState { Running = true, StartedAt = time.GetUtcNow() };
        await job.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        timer?.Dispose();
        timer = null;
        StartTimer(TimeSpan.Zero);
    }

    // Only here to bring the walk back after a restart; OnActivateAsync restarts the timer.
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private void StartTimer(TimeSpan due) =>
        timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(due, TimeSpan.FromMilliseconds(200)));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!job.State.Running) return;
        try
        {
            if (!await catalog.ConfirmRunningAsync(FlowId, cancellationToken))
            {
                LogPausedAgain(FlowId, job.State.Woken);
                await FinishAsync();
                return;
            }
            var page = await openRuns.ReadPageAsync(FlowId, job.State.Cursor, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                await FinishAsync();
                LogFinished(FlowId, job.State.Woken);
                return;
            }
            // Captured here: the loop's bodies run on the thread pool, outside this activation.
            var (grains, flowId) = (GrainFactory, FlowId);
            await Parallel.ForEachAsync(page.Select(r => r.LeadId).Distinct(),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (lead, _) => await grains.GetGrain<ILeadGrain>(lead).ResumeFlowsAsync(flowId));
            job.State.Cursor = page[^1].RunId;
            job.State.Woken += page.Count;
            job.State.LastError = null;
            await job.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // ClickHouse away, a lead's call timed out: the same page again on the next tick.
            job.State.LastError = ex.Message;
            LogTickFailed(ex, FlowId);
        }
    }

    private async Task FinishAsync()
    {
        job.State.Running = false;
        await job.WriteStateAsync();
        timer?.Dispose();
        timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking the runs of flow {FlowId} failed; retrying")]
    private partial void LogTickFailed(Exception exception, string flowId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flow {FlowId} resumed: {Runs} open runs woken")]
    private partial void LogFinished(string flowId, long runs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flow {FlowId} was paused again: stopped waking its runs after {Runs}")]
    private partial void LogPausedAgain(string flowId, long runs);
}

[GenerateSerializer, Alias("nurture.FlowResumeJobState")]
public sealed class FlowResumeJobState
{
    [Id(0)] public bool Running { get; set; }
    [Id(1)] public string Cursor { get; set; } = "";
    [Id(2)] public long Woken { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public string? LastError { get; set; }
}
