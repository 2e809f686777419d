using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Nurture.Scoring;
using Nurture.Http;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Apis;

/// <summary>
/// GET /api/sales/stream?rep=: server-sent events of a rep's newly assigned hot leads, so the console's
/// inbox fills without a reload. Each new assignment is an <c>event: assigned</c> whose data is an
/// <see cref="InboxItem"/>; a comment line every 15 s keeps proxies from closing an idle stream.
/// Sales get their own rep's stream (rep= may be left out), like the inbox. The key travels in the
/// Authorization header as for every /api route, so clients read the stream with fetch, not EventSource.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "Named after its route, /sales/stream: a server-sent event stream, not a System.IO.Stream.")]
public static class SalesStream
{
    // Assignments made on another node are only seen by polling; the signal covers this node at once.
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    // Assignments carry the assigning node's clock, and commit a moment after they are stamped; another
    // node's clock may also be a little behind this one's: look back this far, and skip what was sent already.
    private static readonly TimeSpan LookBack = TimeSpan.FromSeconds(10);

    public static async Task<IResult> StreamAsync(
        HttpContext http, string? rep, Caller caller, RepStore reps, SalesFeedbackStore store, InboxSignal signal,
        IGrainFactory grains, Nurture.Email.Templates.EmailTemplateStore templates, IScoringModelSource models, TimeProvider time)
    {
        var ct = http.RequestAborted;
        if (caller.IsSales)
        {
            if (rep is not null && rep != caller.RepId) return ApiErrors.NotFound("The rep");
            if (caller.RepId is null) return ApiErrors.BadRequest("rep", "this sales user is not linked to a rep, so there is no inbox to follow");
            rep = caller.RepId;
        }
        if (string.IsNullOrWhiteSpace(rep)) return ApiErrors.BadRequest("rep", "is required (GET /api/sales/stream?rep=<rep id>)");
        if (rep.Length > 64 || await reps.GetAsync(rep, ct) is null) return ApiErrors.NotFound("The rep");

        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);

        var cursor = time.GetUtcNow();
        // Alert id → when it was assigned; filled with the look-back window first, so nothing old is sent as new.
        var sent = (await store.AssignedSinceAsync(rep, cursor - LookBack, ct)).ToDictionary(a => a.AlertId, a => a.At);
        var quietSince = time.GetUtcNow();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var woken = signal.Next;
                foreach (var assignment in await store.AssignedSinceAsync(rep, cursor - LookBack, ct))
                {
                    if (!sent.TryAdd(assignment.AlertId, assignment.At)) continue;
                    if (assignment.At > cursor) cursor = assignment.At;
                    if (await LeadResolver.ResolveAsync(grains, assignment.LeadId) is not { } lead) continue;
                    var entry = InboxEntry.Of(lead.Id, assignment);
                    var item = JsonSerializer.Serialize(
                        await SalesApi.NameTemplateAsync(InboxItem.From(lead, entry, models.Current, time.GetUtcNow()), templates, ct), JsonSerializerOptions.Web);
                    await response.WriteAsync($"event: assigned\nid: {assignment.AlertId}\ndata: {item}\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    quietSince = time.GetUtcNow();
                }
                foreach (var old in sent.Where(p => p.Value < cursor - 2 * LookBack).Select(p => p.Key).ToList()) sent.Remove(old);
                if (time.GetUtcNow() - quietSince >= Heartbeat)
                {
                    await response.WriteAsync(": ping\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    quietSince = time.GetUtcNow();
                }
                await Task.WhenAny(woken, Task.Delay(Poll, time, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        return TypedResults.Empty;
    }
}
