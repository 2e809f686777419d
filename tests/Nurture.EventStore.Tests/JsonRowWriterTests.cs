using System.Text;
using System.Text.Json;

namespace Nurture.EventStore.Tests;

public sealed class JsonRowWriterTests
{
    private static JsonElement Row(Action<JsonRowWriter> columns)
    {
        var writer = new JsonRowWriter();
        using var stream = new MemoryStream();
        columns(writer.Begin());
        writer.EndTo(stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("}\n", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData("quote \" backslash \\ both \\\" at the end\\")]
    [InlineData("\"\"\"")]
    [InlineData("line\nbreak\r\ttab\u0000nul\u001funit\u007fdel")]
    [InlineData("emoji 😀🚀, 日本語, é")]
    [InlineData("</script><script>alert(1)</script>")]
    public void AString_ReadsBackExactly(string value)
    {
        Assert.Equal(value, Row(w => w.String("v", value)).GetProperty("v").GetString());
    }

    [Fact]
    public void EveryControlCharacter_IsEscaped_AndReadsBack()
    {
        var all = string.Concat(Enumerable.Range(0, 0x20).Select(c => $"{(char)c}x"));

        Assert.Equal(all, Row(w => w.String("v", all)).GetProperty("v").GetString());
    }

    [Fact]
    public void ALongValue_AndManyRows_ReuseTheWriter()
    {
        var writer = new JsonRowWriter();
        using var stream = new MemoryStream();
        var values = new[] { new string('長', 20_000), "short", new string('"', 3_000) };
        foreach (var value in values) writer.Begin().String("v", value).EndTo(stream);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(values, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("v").GetString()));
    }

    [Fact]
    public void Uuids_NumbersAndLists_AreWrittenInTheirColumnForm()
    {
        var id = Guid.NewGuid();

        var row = Row(w => w.Uuid("id", id).Number("n", -42).NullableNumber("none", null).Strings("list", ["a", "b\"c"]));

        Assert.Equal(id.ToString("D"), row.GetProperty("id").GetString());
        Assert.Equal(-42, row.GetProperty("n").GetInt64());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("none").ValueKind);
        Assert.Equal(["a", "b\"c"], row.GetProperty("list").EnumerateArray().Select(e => e.GetString()));
    }
}
