using System.Text.Json;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>Reads ClickHouse over plain HTTP, independent of the code under test.</summary>
/// <param name="server">Another server than the test ClickHouse (a replica, say).</param>
public sealed class ClickHouseProbe(string database, string? server = null)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Database { get; } = database;

    public async Task<List<JsonElement>> QueryAsync(string sql)
    {
        var url = $"{server ?? TestEnvironment.ClickHouseUrl}/?database={Database}&output_format_json_quote_64bit_integers=0";
        using var response = await Http.PostAsync(url, new StringContent(sql + " FORMAT JSONEachRow"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse: {body}");
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    /// <summary>Inserts hand-built rows (objects serialised as JSONEachRow) into a table, as the writers would.</summary>
    public async Task InsertAsync(string table, IEnumerable<object> rows)
    {
        var url = $"{server ?? TestEnvironment.ClickHouseUrl}/?database={Database}";
        var body = $"INSERT INTO {table} FORMAT JSONEachRow\n" + string.Join("\n", rows.Select(r => JsonSerializer.Serialize(r)));
        using var response = await Http.PostAsync(url, new StringContent(body));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<long> CountAsync(string where = "1") =>
        (await QueryAsync($"SELECT count() AS n FROM events WHERE {where}"))[0].GetProperty("n").GetInt64();

    /// <summary>GET as JSON; an unsuccessful status answers an undefined element instead of throwing, for polling.</summary>
    public static async Task<JsonElement> GetJsonOrDefaultAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            if (!response.IsSuccessStatusCode) return default;
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return default;
        }
    }

    /// <summary>True for a JSON object whose numeric property at the path equals the value.</summary>
    public static bool Has(JsonElement element, long value, params string[] path)
    {
        if (element.ValueKind != JsonValueKind.Object) return false;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
        }
        return element.ValueKind == JsonValueKind.Number && element.GetInt64() == value;
    }

    /// <summary>Polls until the condition holds or the time runs out (the writer flushes about every 0.5 s).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        T value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = await read();
        }
        return value;
    }
}
