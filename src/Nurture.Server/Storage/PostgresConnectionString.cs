using Microsoft.Extensions.Options;
using Npgsql;

namespace Nurture.Server.Storage;

/// <summary>The server's PostgreSQL connection string, with what it needs added unless the operator set it.</summary>
public static class PostgresConnectionString
{
    /// <summary>ConnectionStrings:Postgres for the server; the host refuses to start without it.</summary>
    public static string FromConfiguration(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(configured))
            throw new OptionsValidationException("ConnectionStrings:Postgres", typeof(string),
                ["ConnectionStrings:Postgres is required (set ConnectionStrings__Postgres), for example Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=nurture"]);
        return ForServer(configured);
    }

    /// <summary>
    /// Adds automatic preparation: the same few statements (above all the lead-state write Orleans
    /// sends as text) run thousands of times a second under load, and PostgreSQL would otherwise parse
    /// and plan each one afresh.
    /// </summary>
    public static string ForServer(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }
}
