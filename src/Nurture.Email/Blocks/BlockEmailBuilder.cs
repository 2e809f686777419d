namespace Nurture.Email.Blocks;

/// <summary>A block design made into the template's HTML (stylesheet inlined) and plain text, both still Liquid.</summary>
public static class BlockEmailBuilder
{
    public static (string Html, string Text) Build(BlockDesign design)
    {
        var (html, text) = BlockEmailWriter.Write(design);
        var inlined = CssInliner.Inline(html);
        var title = inlined.IndexOf("<title></title>", StringComparison.Ordinal);
        return (title < 0 ? inlined : inlined.Insert(title + "<title>".Length, BlockEmailWriter.Title(design)), text);
    }
}
