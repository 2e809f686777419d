using Nurture.Email.Blocks;

namespace Nurture.Email.Tests.Blocks;

/// <summary>Every problem of a block design named by its JSON path, with a reason a marketer can act on.</summary>
public sealed class BlockDesignReaderTests
{
    [Fact]
    public void Read_EveryKindOfBlock_IsKept()
    {
        var design = BlockDesigns.Read(BlockDesigns.Everything);

        Assert.Equal(["heading", "text", "image", "button", "divider", "columns", "footer"], design.Blocks.Select(b => b.Type));
        Assert.Equal("Right words https://shop.example.com/right", design.Blocks[5].Right!.Text);
    }

    [Fact]
    public void Read_Problems_AreNamedByPath()
    {
        var problems = BlockDesigns.Problems(new
        {
            accentColor = "#ffee00",
            blocks = new object[]
            {
                new { type = "heading", text = "" },
                new { type = "text", text = "Hi {{ lead.email" },
                new { type = "image", url = "javascript:alert(1)" },
                new { type = "button", label = "Go", url = "http://169.254.169.254/latest/meta-data/" },
                new { type = "button", label = 5, url = "https://{{ lead.traits.site }}/x" },
                new { type = "footer" },
                new { type = "columns", left = new { }, right = "x" },
                new { type = "marquee" },
                new { type = "text", text = "{{ lead.traits.bio | raw }}" },
                new { type = "image", url = "http://intranet/logo.png" },
                new { type = "heading", text = "one\u0007two" },
            },
        }).ToDictionary(p => p.Field, p => p.Reason);

        Assert.StartsWith("is too light for white button text", problems["$.design.accentColor"]);
        Assert.Equal("is required", problems["$.design.blocks[0].text"]);
        Assert.StartsWith("line 1, column ", problems["$.design.blocks[1].text"]);
        Assert.Equal("must start with https:// (or be {{ unsubscribe_url }})", problems["$.design.blocks[2].url"]);
        Assert.Contains("cloud metadata", problems["$.design.blocks[3].url"]);
        Assert.Equal("must be text", problems["$.design.blocks[4].label"]);
        Assert.StartsWith("must name its host before any Liquid", problems["$.design.blocks[4].url"]);
        Assert.Equal("the footer must be the last block", problems["$.design.blocks[5]"]);
        Assert.Equal("needs a picture, text or both", problems["$.design.blocks[6].left"]);
        Assert.StartsWith("must be a column", problems["$.design.blocks[6].right"]);
        Assert.StartsWith("must be one of heading, text", problems["$.design.blocks[7].type"]);
        Assert.StartsWith("shows text, so it cannot use the raw filter", problems["$.design.blocks[8].text"]);
        Assert.Contains("a name only the local network knows", problems["$.design.blocks[9].url"]);
        Assert.Equal("must be one line without control characters", problems["$.design.blocks[10].text"]);
    }

    [Fact]
    public void Read_TooManyOrHugeBlocks_AreRefused()
    {
        Assert.Equal("$.design.blocks", Assert.Single(BlockDesigns.Problems(new { blocks = Enumerable.Repeat(new { type = "divider" }, 51) })).Field);
        Assert.Equal("must be at most 10000 characters",
            Assert.Single(BlockDesigns.Problems(new { blocks = new[] { new { type = "text", text = new string('x', 10_001) } } })).Reason);
        Assert.Equal("$.design", Assert.Single(BlockDesigns.Problems("blocks")).Field);
    }

    [Theory]
    [InlineData("https://shop.example.com/p?e={{ lead.email | url_encode }}")]
    [InlineData("{{ unsubscribe_url }}")]
    [InlineData("https://例え.jp/ページ")]
    [InlineData("http://93.184.216.34/a.png")]
    public void BlockUrls_PublicAddresses_AndLiquidAfterTheHost_AreFine(string url) => Assert.Null(BlockUrls.Problem(url));

    [Theory]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("http://[::1]/", "loopback")]
    [InlineData("http://10.1.2.3/", "private")]
    [InlineData("http://0x7f000001/", "loopback")]
    [InlineData("https://localhost/", "local network")]
    [InlineData("https://printer.local/", "local network")]
    [InlineData("http://metadata.google.internal/", "metadata")]
    [InlineData("https://user:pw@shop.example.com/", "not a valid")]
    [InlineData("data:text/html,<script>", "must start with")]
    [InlineData("{{ lead.traits.website }}", "must start with")]
    [InlineData("https://shop.example.com/a b", "spaces")]
    public void BlockUrls_InternalOrUnsafeAddresses_AreRefused(string url, string reason) => Assert.Contains(reason, BlockUrls.Problem(url));
}
