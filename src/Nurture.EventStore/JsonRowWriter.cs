using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nurture.EventStore;

/// <summary>
/// Writes JSONEachRow rows. Our own minimal encoder: only quotes, backslashes and control characters
/// are escaped and all other text goes out as raw UTF-8, which every ClickHouse version parses back
/// byte-exactly (an escaped surrogate pair is not safe on old versions). One writer serves a whole
/// insert and reuses its buffers from row to row: the event writer makes a row per event.
/// </summary>
public sealed class JsonRowWriter
{
    private readonly StringBuilder row = new();
    private char[] chars = new char[1024];
    private byte[] bytes = new byte[3 * 1024];
    private bool first = true;
    // Quotes, backslashes and the control characters: everything JSON does not allow raw in a string.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\"\\" + string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)));

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

    /// <summary>A UUID column, formatted straight into the row.</summary>
    public JsonRowWriter Uuid(string name, Guid value)
    {
        Name(name);
        row.Append(CultureInfo.InvariantCulture, $"\"{value:D}\"");
        return this;
    }

    public JsonRowWriter Number(string name, long value)
    {
        Name(name);
        row.Append(CultureInfo.InvariantCulture, $"{value}");
        return this;
    }

    public JsonRowWriter Float(string name, double value)
    {
        Name(name);
        if (double.IsFinite(value)) row.Append(CultureInfo.InvariantCulture, $"{value:R}");
        else row.Append('0');
        return this;
    }

    public JsonRowWriter NullableNumber(string name, long? value)
    {
        Name(name);
        if (value is { } v) row.Append(CultureInfo.InvariantCulture, $"{v}");
        else row.Append("null");
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

    public JsonRowWriter Floats(string name, IEnumerable<double> values)
    {
        Name(name);
        row.Append('[');
        var firstItem = true;
        foreach (var value in values)
        {
            if (!firstItem) row.Append(',');
            if (double.IsFinite(value)) row.Append(CultureInfo.InvariantCulture, $"{value:R}");
            else row.Append('0');
            firstItem = false;
        }
        row.Append(']');
        return this;
    }

    /// <summary>Ends the row and appends it, newline-terminated, to the stream as UTF-8.</summary>
    public void EndTo(Stream stream)
    {
        row.Append("}\n");
        if (chars.Length < row.Length) chars = new char[Math.Max(row.Length, chars.Length * 2)];
        row.CopyTo(0, chars, row.Length);
        var most = Encoding.UTF8.GetMaxByteCount(row.Length);
        if (bytes.Length < most) bytes = new byte[Math.Max(most, bytes.Length * 2)];
        var count = Encoding.UTF8.GetBytes(chars, 0, row.Length, bytes, 0);
        stream.Write(bytes, 0, count);
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
        // Text between the characters that need escaping goes in whole.
        var rest = value.AsSpan();
        for (var next = rest.IndexOfAny(Escaped); next >= 0; next = rest.IndexOfAny(Escaped))
        {
            row.Append(rest[..next]);
            AppendEscaped(rest[next]);
            rest = rest[(next + 1)..];
        }
        row.Append(rest).Append('"');
    }

    private void AppendEscaped(char c)
    {
        switch (c)
        {
            case '"': row.Append("\\\""); break;
            case '\\': row.Append(@"\\"); break;
            case '\n': row.Append(@"\n"); break;
            case '\r': row.Append(@"\r"); break;
            case '\t': row.Append(@"\t"); break;
            default: row.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
        }
    }
}
