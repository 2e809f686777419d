using System.Text.Json;
using System.Text.Json.Serialization;
using Nurture.Abstractions.Scoring;
using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>The score_changes table: every rule hit, fit change and stage change, for charts and audits.</summary>
public sealed class ScoreChangesTable : ISpoolTable
{
    public string Name => "score_changes";

    public void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows)
    {
        var c = JsonSerializer.Deserialize(record.Payload.Span, ScoreChangeJson.Default.ScoreChange)!;
        writer.Begin()
            .Uuid("lead_id", c.LeadId)
            .String("kind", c.Kind)
            .String("event_id", c.EventId)
            .String("key", c.Key)
            .String("category", c.Category)
            .Float("points", c.Points)
            .Float("engagement", c.Engagement)
            .Float("fit", c.Fit)
            .String("grade", c.Grade)
            .String("stage", c.Stage)
            .String("previous_stage", c.PreviousStage)
            .Number("at", c.At.ToUnixTimeSeconds())
            .Number("at_ms", c.At.ToUnixTimeMilliseconds())
            .Number("model_version", c.ModelVersion)
            .String("spool_node", spoolNode)
            .Number("spool_seq", record.Seq)
            .EndTo(rows);
    }
}

/// <summary>How score changes are written into their spool.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScoreChange))]
public sealed partial class ScoreChangeJson : JsonSerializerContext;
