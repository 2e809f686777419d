using Npgsql;

namespace Nurture.Server.Storage;

/// <summary>The server's PostgreSQL connection string, with what it needs added unless the operator set it.</summary>
public static class PostgresConnectionString
{
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
