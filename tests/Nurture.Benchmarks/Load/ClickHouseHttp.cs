using System.Net.Http.Headers;

namespace Nurture.Benchmarks.Load;

/// <summary>ClickHouse's plain HTTP interface: what the benchmark needs, with no driver in between.</summary>
public sealed class ClickHouseHttp(string url) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Runs a statement; answers the body (TabSeparated unless the SQL says otherwise).</summary>
    public async Task<string> QueryAsync(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(sql);
        using var response = await http.PostAsync(database is null ? "/" : $"/?database={Uri.EscapeDataString(database)}", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse refused `{Shorten(sql)}`: {body}");
        return body;
    }

    public async Task<long> ScalarAsync(string sql, string database, CancellationToken cancellationToken = default) =>
        long.Parse((await QueryAsync(sql, database, cancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Inserts newline-delimited JSON rows as one block, like the server's writer does.</summary>
    public async Task InsertJsonEachRowAsync(string database, string table, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken = default)
    {
        var query = Uri.EscapeDataString($"INSERT INTO {table} FORMAT JSONEachRow");
        using var content = new ReadOnlyMemoryContent(rows);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.PostAsync($"/?database={Uri.EscapeDataString(database)}&query={query}", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"ClickHouse refused the insert into {table}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public void Dispose() => http.Dispose();

    private static string Shorten(string sql) => sql.Length > 120 ? sql[..120] + "…" : sql;
}
