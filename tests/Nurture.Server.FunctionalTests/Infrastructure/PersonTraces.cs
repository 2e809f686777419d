using System.Text;
using Npgsql;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// Looks for a person everywhere the server keeps anything: every column of every table of the app's
/// PostgreSQL database (as text; bytea decoded as UTF-8 and as hex, which also finds ids stored as
/// binary), every table of its ClickHouse database and the text of its mutations, every file under the
/// spool folder, and every log line. Answers where each trace was found, one line per place and needle.
/// </summary>
public sealed class PersonTraces
{
    private readonly List<string> texts = [];
    // Hex forms, for bytea: the needles' UTF-8 and the ids' binary layouts.
    private readonly List<(string Hex, string Needle)> hexes = [];

    public PersonTraces(IEnumerable<string> values, IEnumerable<Guid> ids)
    {
        foreach (var value in values) AddText(value);
        foreach (var id in ids)
        {
            AddText(id.ToString("N"));
            AddText(id.ToString("D"));
            hexes.Add((Convert.ToHexStringLower(id.ToByteArray()), id.ToString("D")));
            hexes.Add((Convert.ToHexStringLower(id.ToByteArray(bigEndian: true)), id.ToString("D")));
        }
    }

    public async Task<List<string>> FindAsync(NurtureApp app, LogCapture log)
    {
        var found = new List<string>();
        await FindInPostgresAsync(app.PostgresConnection, found);
        await FindInClickHouseAsync(app.ClickHouse, found);
        FindInSpool(app, found);
        foreach (var line in log.Lines) Search("log", line, found);
        return found.Distinct().ToList();
    }

    /// <summary>Every file under the spool folder (segments, key files, checkpoints), as text.</summary>
    public void FindInSpool(NurtureApp app, List<string> found)
    {
        foreach (var file in Directory.Exists(app.SpoolDirectory) ? Directory.EnumerateFiles(app.SpoolDirectory, "*", SearchOption.AllDirectories) : [])
            Search($"spool file {Path.GetRelativePath(app.SpoolDirectory, file)}", Encoding.UTF8.GetString(ReadTolerantly(file)), found);
    }

    private void AddText(string value)
    {
        var text = value.ToLowerInvariant();
        texts.Add(text);
        hexes.Add((Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)), text));
    }

    private async Task FindInPostgresAsync(string connectionString, List<string> found)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var command = database.CreateCommand("""
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        foreach (var table in columns.GroupBy(c => c.Table))
        {
            // Every column as text, except bytea, which is decoded here both ways.
            var select = string.Join(", ", table.Select(c => c.Type == "bytea" ? Quote(c.Column) : $"{Quote(c.Column)}::text"));
            await using var command = database.CreateCommand($"SELECT {select} FROM {Quote(table.Key)}");
            await using var reader = await command.ExecuteReaderAsync();
            var names = table.Select(c => c.Column).ToList();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < names.Count; i++)
                {
                    if (reader.IsDBNull(i)) continue;
                    var where = $"postgres {table.Key}.{names[i]}";
                    if (reader.GetValue(i) is byte[] bytes)
                    {
                        Search(where, Encoding.UTF8.GetString(bytes), found);
                        SearchHex(where, Convert.ToHexStringLower(bytes), found);
                    }
                    else
                    {
                        var text = reader.GetString(i);
                        Search(where, text, found);
                        // bytea[] and the like come as text with their bytes in hex.
                        SearchHex(where, text.ToLowerInvariant(), found);
                    }
                }
            }
        }
    }

    private async Task FindInClickHouseAsync(ClickHouseProbe clickHouse, List<string> found)
    {
        var database = clickHouse.Database;
        foreach (var table in await clickHouse.QueryAsync($"SELECT name FROM system.tables WHERE database = '{database}'"))
        {
            var name = table.GetProperty("name").GetString()!;
            foreach (var row in await clickHouse.QueryAsync($"SELECT * FROM `{name}`")) Search($"clickhouse {name}", row.GetRawText(), found);
        }
        foreach (var mutation in await clickHouse.QueryAsync($"SELECT table, command FROM system.mutations WHERE database = '{database}'"))
            Search($"clickhouse system.mutations ({mutation.GetProperty("table").GetString()})", mutation.GetProperty("command").GetString()!, found);
    }

    private void Search(string where, string content, List<string> found)
    {
        var lower = content.ToLowerInvariant();
        foreach (var needle in texts)
        {
            var at = lower.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0) found.Add($"{where}: '{needle}' in …{Excerpt(content, at, needle.Length)}…");
        }
    }

    private void SearchHex(string where, string hex, List<string> found)
    {
        foreach (var (needle, meaning) in hexes)
        {
            if (hex.Contains(needle, StringComparison.Ordinal)) found.Add($"{where}: '{meaning}' as bytes");
        }
    }

    private static string Excerpt(string content, int at, int length)
    {
        var from = Math.Max(0, at - 40);
        return content[from..Math.Min(content.Length, at + length + 40)].ReplaceLineEndings(" ");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The spool may cut or delete a file while it is read.</summary>
    // The spool writes key files and checkpoints as "*.tmp" locked against sharing, then renames them;
    // a scan that meets one mid-write reads it again once the writer is done (or finds it renamed away).
    private static byte[] ReadTolerantly(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }
            catch (FileNotFoundException)
            {
                return [];
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(10);
            }
        }
    }
}
