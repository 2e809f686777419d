using System.Net;
using Microsoft.Extensions.Options;
using Nurture.Spool;

namespace Nurture.Ingest.Pipeline;

/// <summary>
/// How many different emails a visitor, or a client address, may identify as in a while: past the limit an
/// identify is refused, so a script cannot mint leads by the thousand, pre-claim strangers' emails or chain
/// merges through one browser. Counted per node in memory, as hashes of the emails.
/// </summary>
public sealed class IdentifyLimits(IOptions<PublicLimitOptions> options, TimeProvider time)
{
    /// <summary>Keys a table tracks at most per window: past it, new keys are not limited (the request limits still are).</summary>
    public const int MaxKeys = 200_000;

    private readonly DistinctCounter visitors = new(options.Value.VisitorEmailWindow);
    private readonly DistinctCounter clients = new(options.Value.ClientEmailWindow);

    /// <summary>Null when the identify may go on; otherwise which limit refused it ("visitor" or "client").</summary>
    public string? Check(Guid siteId, string visitorId, IPAddress? client, string email)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        var emailKey = DedupeKeys.Of(email);
        if (limits.EmailsPerVisitor > 0 && !visitors.TryAdd($"{siteId:N}\n{visitorId}", emailKey, limits.EmailsPerVisitor, now)) return "visitor";
        if (limits.EmailsPerClient > 0 && client is not null && !clients.TryAdd(client.ToString(), emailKey, limits.EmailsPerClient, now)) return "client";
        return null;
    }

    /// <summary>
    /// Distinct values per key over the current and the previous window (so a limit holds for at least one
    /// window and at most two), in two tables swapped when a window ends: no per-entry expiry to sweep.
    /// One lock: only identifies come here, a small share of events.
    /// </summary>
    private sealed class DistinctCounter(TimeSpan window)
    {
        private readonly Lock gate = new();
        private Dictionary<string, HashSet<ulong>> current = new(StringComparer.Ordinal);
        private Dictionary<string, HashSet<ulong>> previous = new(StringComparer.Ordinal);
        private DateTimeOffset windowEnds;

        public bool TryAdd(string key, ulong value, int limit, DateTimeOffset now)
        {
            lock (gate)
            {
                if (now >= windowEnds)
                {
                    // Two windows or more without a call: nothing of the older table counts any more.
                    previous = now >= windowEnds + window ? new(StringComparer.Ordinal) : current;
                    current = new(StringComparer.Ordinal);
                    windowEnds = now + window;
                }
                var earlier = previous.TryGetValue(key, out var old) ? old : null;
                if (!current.TryGetValue(key, out var seen))
                {
                    if (current.Count >= MaxKeys) return true;
                    current[key] = seen = [];
                }
                if (seen.Contains(value) || earlier?.Contains(value) == true) return true;
                var distinct = seen.Count + (earlier?.Count(v => !seen.Contains(v)) ?? 0);
                if (distinct >= limit) return false;
                seen.Add(value);
                return true;
            }
        }
    }
}
