using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.EventStore;
using Nurture.Spool;

namespace Nurture.Benchmarks.Analysis;

/// <summary>
/// The mail of the same database, for the email and flow performance reports: one send for every fifth event
/// (so 200,000 at the full size) from twelve templates, half of them by a flow's two steps (the second step with
/// three variants), with people's opens (about 40%), privacy-proxy opens (15%), clicks on four links (10%), scanner
/// clicks (5%), unsubscribes (1%), hard and soft bounces (2%); and a flow run per send of the flow, some reaching the
/// goal. Written with the server's own row writers; seeded.
/// </summary>
public sealed class EmailDataSet(int leads, int sends, DateTimeOffset now)
{
    public const string Flow = "bench-flow";
    private const int Batch = 50_000;

    public int Events { get; private set; }

    public async Task WriteAsync(ClickHouseStore store, CancellationToken cancellationToken)
    {
        var random = new Random(2027);
        var writer = new JsonRowWriter();
        var ids = Enumerable.Range(0, leads).Select(i => Nurture.Abstractions.StableGuid.From($"bench-lead:{i}")).ToArray();
        var rows = new MemoryStream();
        var flowRows = new MemoryStream();
        var changes = new ScoreChangesTable();
        var written = 0;
        var seq = 0L;

        void Add(string type, int lead, string send, string template, DateTimeOffset at, bool machine = false, string? url = null, params string[] extra)
        {
            List<string> keys = ["send_id", "template_id"];
            List<string> values = [send, template];
            for (var i = 0; i + 1 < extra.Length; i += 2)
            {
                keys.Add(extra[i]);
                values.Add(extra[i + 1]);
            }
            EventsTable.Write(writer, new TrackedEvent
            {
                EventId = $"m{++seq}", SiteId = Guid.Empty, VisitorId = $"email:{ids[lead]:N}", LeadId = ids[lead], Type = type, Url = url,
                Source = new AcquisitionSource { Channel = "email" }, IsBot = machine, PropKeys = keys, PropValues = values, ReceivedAt = at,
            }, "bench", seq, rows);
            written++;
        }

        void Move(int lead, string run, int n, string step, DateTimeOffset at) => changes.WriteRow(writer, new SpoolRecord(++seq, (ulong)seq, DateTimeOffset.UnixEpoch,
            JsonSerializer.SerializeToUtf8Bytes(new Nurture.Abstractions.Scoring.ScoreChange
            {
                LeadId = ids[lead], Kind = Nurture.Abstractions.Scoring.ScoreChange.FlowKind, EventId = $"{run}:{n}", Key = $"{Flow}/{step}", Category = Flow,
                Stage = "known", At = at,
            }, ScoreChangeJson.Default.ScoreChange)), "bench", flowRows);

        for (var s = 0; s < sends; s++)
        {
            var lead = random.Next(leads);
            var sent = now.AddDays(-random.NextDouble() * 90);
            var send = $"{s:x32}";
            var byFlow = s % 2 == 0;
            var step = byFlow ? (s % 4 == 0 ? "welcome" : "follow-up") : null;
            var template = step switch { "welcome" => "welcome", "follow-up" => $"follow-up-{s % 3}", _ => $"news-{s % 8}" };
            if (byFlow) Add(RecordOnlyEvents.EmailSent, lead, send, template, sent, extra: ["flow_id", Flow, "step_id", step!, "variant", template]);
            else Add(RecordOnlyEvents.EmailSent, lead, send, template, sent);
            var roll = random.NextDouble();
            if (roll < 0.02) Add(RecordOnlyEvents.EmailBounce, lead, send, template, sent.AddMinutes(1), extra: ["bounce", roll < 0.01 ? "hard" : "soft"]);
            if (random.NextDouble() < 0.15) Add("email_open", lead, send, template, sent.AddSeconds(5), machine: true, extra: ["machine", "proxy"]);
            if (random.NextDouble() < 0.4) Add("email_open", lead, send, template, sent.AddHours(random.Next(1, 48)));
            if (random.NextDouble() < 0.05) Add("email_click", lead, send, template, sent.AddSeconds(3), machine: true, url: "https://shop.example.com/pricing", extra: ["machine", "scanner"]);
            if (random.NextDouble() < 0.1) Add("email_click", lead, send, template, sent.AddHours(random.Next(1, 48)), url: $"https://shop.example.com/link-{random.Next(4)}");
            if (random.NextDouble() < 0.01) Add("email_unsubscribe", lead, send, template, sent.AddHours(2));
            if (step == "welcome")
            {
                var run = $"run{s}";
                Move(lead, run, 0, "#entered", sent);
                Move(lead, run, 1, "welcome", sent);
                Move(lead, run, 2, "pause", sent);
                var fate = random.NextDouble();
                if (fate < 0.2) Move(lead, run, 3, "#goal", sent.AddHours(random.Next(1, 200)));
                else if (fate < 0.8)
                {
                    Move(lead, run, 3, "follow-up", sent.AddDays(3));
                    Move(lead, run, 4, "#completed", sent.AddDays(3));
                }
            }
            if (rows.Length > 16 << 20) rows = await FlushAsync(store, "events", rows, cancellationToken);
            if (flowRows.Length > 16 << 20) flowRows = await FlushAsync(store, changes.Name, flowRows, cancellationToken);
        }
        await FlushAsync(store, "events", rows, cancellationToken);
        await FlushAsync(store, changes.Name, flowRows, cancellationToken);
        Events = written;
    }

    /// <summary>Writes the rows; answers a new buffer (the insert closes the one it sent).</summary>
    private static async Task<MemoryStream> FlushAsync(ClickHouseStore store, string table, MemoryStream rows, CancellationToken cancellationToken)
    {
        if (rows.Length == 0) return rows;
        rows.Position = 0;
        await store.InsertJsonRowsAsync(table, rows, cancellationToken);
        return new MemoryStream();
    }
}
