using System.Text.Json;
using Nurture.Email.Blocks;
using Nurture.Http;

namespace Nurture.Email.Tests.Blocks;

/// <summary>Block designs for tests, read through the same reader as a request body.</summary>
internal static class BlockDesigns
{
    public static BlockDesign Read(object design)
    {
        var errors = new List<FieldError>();
        var read = BlockDesignReader.Read(JsonSerializer.SerializeToElement(design), "$.design", errors);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")));
        return read!;
    }

    public static List<FieldError> Problems(object design)
    {
        var errors = new List<FieldError>();
        Assert.Null(BlockDesignReader.Read(JsonSerializer.SerializeToElement(design), "$.design", errors));
        return errors;
    }

    /// <summary>Every kind of block once.</summary>
    public static readonly object Everything = new
    {
        accentColor = "#1d5fd1",
        blocks = new object[]
        {
            new { type = "heading", text = "Hello {{ lead.traits.name | default: \"there\" }}" },
            new { type = "text", text = "First line\nsecond line\n\nA new paragraph {% if lead.fit > 10 %}for a good fit{% endif %}." },
            new { type = "image", url = "https://cdn.example.com/hero.png", alt = "Our new dashboard", link = "https://shop.example.com/" },
            new { type = "button", label = "See the plans", url = "https://shop.example.com/pricing?from=email" },
            new { type = "divider" },
            new
            {
                type = "columns",
                left = new { imageUrl = "https://cdn.example.com/a.png", imageAlt = "A", text = "Left words" },
                right = new { text = "Right words https://shop.example.com/right" },
            },
            new { type = "footer", text = "Example Corp, 1-2-3 Chiyoda, Tokyo", label = "Unsubscribe" },
        },
    };
}
