using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The client's ledger for fault tests: every event a node acknowledged (202), by visitor, so the
/// audit can check each one is stored and counted exactly once. A batch that got no 202 is not in it:
/// the node may or may not have spooled it, so the caller keeps it to retry through the same node,
/// whose spool remembers event ids and keeps a retry once.
/// </summary>
public sealed class AcknowledgedEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly ConcurrentDictionary<string, string> visitorByEventId = new();

    public int Count => visitorByEventId.Count;

    /// <summary>Why the latest unacknowledged batch failed (a status code or an exception), for the test's log.</summary>
    public string? LastFailure { get; private set; }

    public IReadOnlyCollection<string> EventIds => visitorByEventId.Keys.ToList();

    public int CountFor(string visitor) => visitorByEventId.Values.Count(v => v == visitor);

    /// <summary>Posts one batch; true (and recorded) when the node answered 202.</summary>
    public async Task<bool> TrySendAsync(HttpClient client, IReadOnlyList<TrackerEvent> batch)
    {
        try
        {
            using var response = await client.PostAsJsonAsync("/collect", batch, Json);
            if ((int)response.StatusCode != 202)
            {
                LastFailure = $"{client.BaseAddress}: {(int)response.StatusCode}";
                return false;
            }
            foreach (var e in batch) visitorByEventId[e.EventId] = e.VisitorId;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LastFailure = $"{client.BaseAddress}: {ex.GetType().Name} {ex.Message}";
            return false;
        }
    }
}

/// <summary>One event as the tracker sends it to /collect; null fields are left out.</summary>
public sealed record TrackerEvent(string SiteKey, string VisitorId, string EventId, string Type, string? Url = null, string? Email = null);
