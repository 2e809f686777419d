using System.Text.Json;
using Npgsql;
using Nurture.Server.Hosting;
using Nurture.Scoring.Predictive;

namespace Nurture.Server.Scoring;

/// <summary>
/// Predictive model versions in PostgreSQL (report, model bytes, which one is active) and the active
/// model loaded in memory. Every node re-reads which version is active every few seconds, so an
/// activation through one node reaches all of them. A stored model that does not load is logged and
/// leaves this node with no active model: rule scoring never depends on it.
/// </summary>
public sealed partial class PostgresPredictiveModelStore(NpgsqlDataSource database, ILogger<PostgresPredictiveModelStore> logger)
    : RefreshingService(RefreshInterval, logger), IPredictiveModelSource
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const long ActivationLockId = 0x4E75727450726564; // "NurtPred"

    /// <summary>What this node has loaded: the active version (if any), the model, or why it is unusable.</summary>
    private sealed record Loaded(int? Version, ActivePredictiveModel? Model, string? Problem);

    private volatile Loaded loaded = new(null, null, null);

    public ActivePredictiveModel? Active => loaded.Model;
    public string? Problem => loaded.Problem;

    public sealed record StoredModel(int Version, DateTimeOffset CreatedAt, string LabelColumn, bool Active, DateTimeOffset? ActivatedAt, JsonElement Report);

    public enum Activation
    {
        Activated,
        NotFound,
        Unusable,
    }

    /// <summary>Stores a trained model as the next version, inactive until someone activates it.</summary>
    public async Task<int> SaveAsync(PredictiveModel model, PredictiveReport report, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_predictive_models (label_column, report, model) VALUES ($1, $2::jsonb, $3) RETURNING version");
        command.Parameters.AddWithValue(report.LabelColumn);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(report, Json));
        command.Parameters.AddWithValue(model.ToBytes());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<StoredModel>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT version, created_at, label_column, active, activated_at, report::text FROM nurture_predictive_models ORDER BY version DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var models = new List<StoredModel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var report = JsonDocument.Parse(reader.GetString(5));
            models.Add(new StoredModel(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), report.RootElement.Clone()));
        }
        return models;
    }

    /// <summary>
    /// Makes a version the active one (and no other). The model is loaded first: a version that does not
    /// load is refused rather than activated, and the previous active one stays.
    /// </summary>
    public async Task<(Activation Result, string? Problem)> ActivateAsync(int version, CancellationToken cancellationToken)
    {
        var bytes = await ModelBytesAsync(version, cancellationToken);
        if (bytes is null) return (Activation.NotFound, null);
        PredictiveModel model;
        try
        {
            model = PredictiveModel.FromBytes(bytes);
        }
        catch (PredictiveModelException ex)
        {
            return (Activation.Unusable, ex.Message);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two activations at once would both clear and set the flag; the lock makes them take turns.
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ActivationLockId})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("UPDATE nurture_predictive_models SET active = false WHERE active AND version <> $1", connection, transaction))
        {
            clear.Parameters.AddWithValue(version);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var set = new NpgsqlCommand("UPDATE nurture_predictive_models SET active = true, activated_at = now() WHERE version = $1", connection, transaction))
        {
            set.Parameters.AddWithValue(version);
            if (await set.ExecuteNonQueryAsync(cancellationToken) == 0) return (Activation.NotFound, null);
        }
        await transaction.CommitAsync(cancellationToken);
        loaded = new Loaded(version, new ActivePredictiveModel(version, model), null);
        return (Activation.Activated, null);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load before serving, but a database or model problem must not stop the host: rule scoring runs without it.
        await RefreshSafelyAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT version FROM nurture_predictive_models WHERE active");
        var version = await command.ExecuteScalarAsync(cancellationToken) as int?;
        if (version == loaded.Version) return; // unchanged, or the same unusable version: do not reload or re-log every few seconds
        if (version is not { } active)
        {
            loaded = new Loaded(null, null, null);
            return;
        }
        try
        {
            var model = PredictiveModel.FromBytes(await ModelBytesAsync(active, cancellationToken));
            loaded = new Loaded(active, new ActivePredictiveModel(active, model), null);
        }
        catch (PredictiveModelException ex)
        {
            LogStoredModelUnusable(ex, active);
            loaded = new Loaded(active, null, $"The active predictive model (version {active}) could not be loaded: {ex.Message}");
        }
    }

    private async Task<byte[]?> ModelBytesAsync(int version, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT model FROM nurture_predictive_models WHERE version = $1");
        command.Parameters.AddWithValue(version);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The active predictive model version {Version} could not be loaded; predictions are off until another version is activated")]
    private partial void LogStoredModelUnusable(Exception exception, int version);
}
