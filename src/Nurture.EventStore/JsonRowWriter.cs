using System.Globalization;
using System.Text;

namespace Nurture.EventStore;

/// <summary>
/// Writes JSONEachRow rows. Our own minimal encoder: only quotes, backslashes and control characters
/// are escaped and all other text goes out as raw UTF-8, which every ClickHouse version parses back
/// byte-exactly (an escaped surrogate pair is not safe on old versions).
/// </summary>
public sealed class JsonRowWriter
{
    private readonly StringBuilder row = new();
    private bool first = true;

    public JsonRowWriter Begin()
    {
        row.Clear().Append('{');
        first = true;
        return this;
    }

    public JsonRowWriter String(string name, string? value)
    {
        Name(name);
        AppendString(value ?? "");
        return this;
    }

    public JsonRowWriter Number(string name, long value)
    {
        Name(name);
        row.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonRowWriter Float(string name, double value)
    {
        Name(name);
        row.Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "0");
        return this;
    }

    public JsonRowWriter NullableNumber(string name, long? value)
    {
        Name(name);
        row.Append(value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null");
        return this;
    }

    public JsonRowWriter Strings(string name, IEnumerable<string> values)
    {
        Name(name);
        row.Append('[');
        var firstItem = true;
        foreach (var value in values)
        {
            if (!firstItem) row.Append(',');
            AppendString(value);
            firstItem = false;
        }
        row.Append(']');
        return this;
    }

    /// <summary>Ends the row and appends it, newline-terminated, to the stream as UTF-8.</summary>
    public void EndTo(Stream stream)
    {
        row.Append("}\n");
        var bytes = Encoding.UTF8.GetBytes(row.ToString());
        stream.Write(bytes);
    }

    private void Name(string name)
    {
        if (!first) row.Append(',');
        first = false;
        row.Append('"').Append(name).Append("\":");
    }

    private void AppendString(string value)
    {
        row.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': row.Append("\\\""); break;
                case '\\': row.Append(@"\\"); break;
                case '\n': row.Append(@"\n"); break;
                case '\r': row.Append(@"\r"); break;
                case '\t': row.Append(@"\t"); break;
                default:
                    if (c < 0x20) row.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else row.Append(c);
                    break;
            }
        }
        row.Append('"');
    }
}
