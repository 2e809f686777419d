using System.Text;

namespace Nurture.EventStore;

/// <summary>
/// ClickHouse 18.16 has no server-side query parameters, so every value that goes into SQL text passes
/// through here. Strings become single-quoted literals with every special byte escaped.
/// </summary>
public static class ClickHouseSql
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\0': sb.Append(@"\0"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\b': sb.Append(@"\b"); break;
                case '\f': sb.Append(@"\f"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('\'').ToString();
    }

    public static string Quote(Guid value) => $"toUUID('{value:D}')";

    public static string List(IEnumerable<Guid> values) => string.Join(", ", values.Select(Quote));

    public static string List(IEnumerable<string> values) => string.Join(", ", values.Select(Quote));
}
