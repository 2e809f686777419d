using System.Text.Json;
using Npgsql;
using Nurture.Scoring;
using Nurture.Scoring.Model;
using Nurture.Server.Hosting;

namespace Nurture.Server.Scoring;

/// <summary>
/// The scoring model history in PostgreSQL and the active model in memory. Every node re-reads the
/// newest version every few seconds, so a model saved through one node reaches all of them.
/// The first start stores the shipped default as version 1.
/// </summary>
public sealed partial class PostgresScoringModelStore(NpgsqlDataSource database, ILogger<PostgresScoringModelStore> logger)
    : RefreshingService(RefreshInterval, logger), IScoringModelSource
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);
    private volatile ScoringModel current = ScoringModelParser.Default().WithVersion(1);

    public ScoringModel Current => current;

    public sealed record ModelVersion(int Version, DateTimeOffset CreatedAt, JsonElement Document);

    /// <summary>Stores a validated model as the next version and makes it active here at once.</summary>
    public async Task<ScoringModel> SaveAsync(ScoringModel model, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_scoring_models (version, document)
            SELECT coalesce(max(version), 0) + 1, $1::jsonb FROM nurture_scoring_models
            RETURNING version
            """);
        command.Parameters.AddWithValue(model.Document.GetRawText());
        var version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        var saved = model.WithVersion(version);
        if (version > current.Version) current = saved;
        return saved;
    }

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT version, created_at, document::text FROM nurture_scoring_models ORDER BY version DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<ModelVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(2));
            versions.Add(new ModelVersion(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), document.RootElement.Clone()));
        }
        return versions;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load before anything scores, so a restarted node never scores with a stale default.
        await EnsureDefaultAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    private async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_scoring_models (version, document) VALUES (1, $1::jsonb) ON CONFLICT (version) DO NOTHING");
        command.Parameters.AddWithValue(ScoringModelParser.Default().Document.GetRawText());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT version, document::text FROM nurture_scoring_models ORDER BY version DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return;
        var version = reader.GetInt32(0);
        if (version == current.Version) return;
        var (model, errors) = ScoringModelParser.Parse(reader.GetString(1));
        if (model is null)
        {
            LogStoredModelInvalid(version, string.Join("; ", errors));
            return;
        }
        current = model.WithVersion(version);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored scoring model version {Version} is invalid and was not activated: {Errors}")]
    private partial void LogStoredModelInvalid(int version, string errors);
}
