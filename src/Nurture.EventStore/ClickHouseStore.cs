using System.Text.Json;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO;
using Microsoft.Extensions.Options;

namespace Nurture.EventStore;

/// <summary>
/// Our narrow door to ClickHouse: run a statement, insert JSONEachRow, read JSONEachRow. The driver is
/// set up for ClickHouse 18.16 (no JSON-format settings, no server-side parameters).
/// </summary>
public sealed class ClickHouseStore : IDisposable
{
    private readonly ClickHouseClient client;

    public ClickHouseStore(IOptions<ClickHouseOptions> options)
    {
        var o = options.Value;
        var uri = new Uri(o.Url);
        Database = o.Database;
        Layout = new ClickHouseLayout(o);
        client = new ClickHouseClient(new ClickHouseClientSettings
        {
            Host = uri.Host,
            Port = (ushort)uri.Port,
            Protocol = uri.Scheme,
            Database = o.Database,
            Username = o.Username,
            Password = o.Password,
            JsonReadMode = JsonReadMode.None,
            JsonWriteMode = JsonWriteMode.None,
            Timeout = TimeSpan.FromSeconds(30),
            CustomSettings = new Dictionary<string, object>(Layout.QuerySettings),
        });
    }

    public string Database { get; }

    /// <summary>One server or a cluster: what DDL and mutations look like there.</summary>
    public ClickHouseLayout Layout { get; }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, bool withoutDatabase = false)
    {
        // DDL ON CLUSTER answers a row per host in the default format, which the driver sets to one
        // ClickHouse 18.16 does not know (RowBinaryWithNamesAndTypes), failing the statement.
        var options = new QueryOptions
        {
            Database = withoutDatabase ? "default" : null,
            CustomSettings = sql.Contains(" ON CLUSTER ", StringComparison.Ordinal) ? new Dictionary<string, object> { ["default_format"] = "TabSeparated" } : null,
        };
        using var result = await client.ExecuteRawResultAsync(sql, options, cancellationToken);
        await result.ReadAsByteArrayAsync();
    }

    /// <summary>Inserts newline-delimited JSON rows into the table as one block (atomic in MergeTree).</summary>
    public async Task InsertJsonRowsAsync(string table, Stream rows, CancellationToken cancellationToken)
    {
        using var response = await client.PostStreamAsync(
            $"INSERT INTO {table} FORMAT JSONEachRow", rows, false, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new ClickHouseServerException(body, $"INSERT INTO {table}", (int)response.StatusCode);
        }
    }

    /// <summary>Runs a SELECT (without FORMAT) and answers its rows as JSON objects.</summary>
    public async Task<List<JsonElement>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        using var result = await client.ExecuteRawResultAsync(sql + " FORMAT JSONEachRow", null, cancellationToken);
        var bytes = await result.ReadAsByteArrayAsync();
        var rows = new List<JsonElement>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            if (i > start)
            {
                using var document = JsonDocument.Parse(bytes.AsMemory(start, i - start));
                rows.Add(document.RootElement.Clone());
            }
            start = i + 1;
        }
        return rows;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await QueryAsync("SELECT 1 AS ok", cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => client.Dispose();
}
