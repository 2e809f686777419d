using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Nurture.Server.Storage;

/// <summary>
/// Applies our PostgreSQL schema (Orleans' AdoNet contract plus our own tables) with DbUp: the SQL files
/// embedded in this assembly, in name order, each once, in a transaction of its own, recorded in
/// <see cref="Journal"/>. An advisory lock keeps two servers starting together from racing. A change to
/// the schema is a new file; a file that has run is never edited again.
/// </summary>
public static class PostgresSchema
{
    public const string Journal = "nurture_schema_versions";

    /// <summary>
    /// The last file of the schema as it was when every file ran at every start (no journal). A database
    /// set up then holds the effect of all of them: it is adopted by recording them, not running them again.
    /// </summary>
    public const string LastUnversionedScript = "Nurture.Server.Storage.Sql.018_retired_state.sql";

    private const long LockId = 0x4E757274757265; // "Nurture"

    public static Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ApplyAsync(connectionString, EmbeddedScripts(), NullLogger.Instance, cancellationToken);

    public static Task ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default) =>
        ApplyAsync(connectionString, EmbeddedScripts(), logger, cancellationToken);

    /// <summary>Applies the given scripts (the embedded ones, or a test's) that the journal does not list yet.</summary>
    internal static async Task ApplyAsync(string connectionString, IReadOnlyList<SqlScript> scripts, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockId})", cancellationToken);
        try
        {
            var upgrader = DeployChanges.To.PostgresqlDatabase(connectionString)
                .WithScripts(scripts)
                .WithTransactionPerScript()
                // Our files hold PL/pgSQL's $$ quoting, never DbUp's $variables$.
                .WithVariablesDisabled()
                .JournalToPostgresqlTable("public", Journal)
                .LogTo(logger)
                .Build();
            if (await IsUnversionedAsync(connection, cancellationToken) && scripts.Any(s => s.Name == LastUnversionedScript))
            {
                var adopted = upgrader.MarkAsExecuted(LastUnversionedScript);
                if (!adopted.Successful) throw Failure(adopted);
            }
            var result = upgrader.PerformUpgrade();
            if (!result.Successful) throw Failure(result);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockId})", CancellationToken.None);
        }
    }

    /// <summary>The files in this assembly, named as DbUp journals them (the resource name).</summary>
    public static IReadOnlyList<SqlScript> EmbeddedScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new SqlScript(name, reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>Our tables exist but no journal does: a database the unversioned schema set up.</summary>
    private static async Task<bool> IsUnversionedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('public.nurture_sites') IS NOT NULL AND to_regclass($1) IS NULL", connection);
        command.Parameters.AddWithValue("public." + Journal);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static InvalidOperationException Failure(DatabaseUpgradeResult result) =>
        new($"Applying {ShortName(result.ErrorScript?.Name)} failed: {(result.Error as PostgresException)?.MessageText ?? result.Error?.Message}", result.Error);

    private static string ShortName(string? name) => name is null ? "the schema" : name.Replace("Nurture.Server.Storage.Sql.", "", StringComparison.Ordinal);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
