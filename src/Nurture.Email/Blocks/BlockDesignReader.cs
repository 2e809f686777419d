using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Abstractions;
using Nurture.Email.Templates;
using Nurture.Http;

namespace Nurture.Email.Blocks;

/// <summary>
/// Reads a block design from a request body and checks every field, naming each problem by its JSON path
/// (<c>$.design.blocks[2].url</c>): types, lengths, addresses (<see cref="BlockUrls"/>), Liquid that does not
/// parse (with its line and column in that field), and Liquid that would write markup unescaped.
/// </summary>
public static partial class BlockDesignReader
{
    public const int MaxTextLength = 10_000;
    public const int MaxHeadingLength = 500;
    public const int MaxLabelLength = 200;
    public const int MaxAltLength = 500;
    public const string DefaultFooterLabel = "Unsubscribe";

    /// <summary>The design, or null with the problems added to <paramref name="errors"/>.</summary>
    public static BlockDesign? Read(JsonElement design, string path, List<FieldError> errors)
    {
        var before = errors.Count;
        if (design.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "must be an object with blocks"));
            return null;
        }
        var accent = BlockDesign.DefaultAccentColor;
        if (design.TryGetProperty("accentColor", out var color) && color.ValueKind != JsonValueKind.Null)
        {
            var colorPath = JsonPath.Member(path, "accentColor");
            if (JsonBody.Text(color) is not { } text || !HexColor().IsMatch(text)) errors.Add(new(colorPath, "must be a colour such as #1d5fd1"));
            else if (ContrastWithWhite(text) is var contrast and < 4.5)
                errors.Add(new(colorPath, $"is too light for white button text (contrast {contrast.ToString("0.0", CultureInfo.InvariantCulture)}:1, at least 4.5:1 is readable)"));
            else accent = text.ToLowerInvariant();
        }
        var blocksPath = JsonPath.Member(path, "blocks");
        if (!design.TryGetProperty("blocks", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(blocksPath, "must be a list of blocks"));
            return null;
        }
        if (list.GetArrayLength() > BlockDesign.MaxBlocks)
        {
            errors.Add(new(blocksPath, $"has more than {BlockDesign.MaxBlocks} blocks"));
            return null;
        }
        var blocks = new List<EmailBlock>();
        var count = list.GetArrayLength();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = JsonPath.Index(blocksPath, i);
            if (ReadBlock(item, itemPath, errors) is { } block)
            {
                if (block.Type == BlockTypes.Footer && i != count - 1) errors.Add(new(itemPath, "the footer must be the last block"));
                blocks.Add(block);
            }
            i++;
        }
        return errors.Count == before ? new BlockDesign(accent, blocks) : null;
    }

    private static EmailBlock? ReadBlock(JsonElement item, string path, List<FieldError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "must be an object with a type"));
            return null;
        }
        var type = item.TryGetProperty("type", out var t) ? JsonBody.Text(t) : null;
        if (type is null || !BlockTypes.All.Contains(type))
        {
            errors.Add(new(JsonPath.Member(path, "type"), $"must be one of {string.Join(", ", BlockTypes.All)}"));
            return null;
        }
        var field = new Fields(item, path, errors);
        return type switch
        {
            BlockTypes.Heading => new EmailBlock(type) { Text = field.Text("text", MaxHeadingLength, required: true, multiline: false) },
            BlockTypes.Text => new EmailBlock(type) { Text = field.Text("text", MaxTextLength, required: true, multiline: true) },
            BlockTypes.Image => new EmailBlock(type)
            {
                Url = field.Url("url", required: true),
                Alt = field.Text("alt", MaxAltLength, required: false, multiline: false) ?? "",
                Link = field.Url("link", required: false),
            },
            BlockTypes.Button => new EmailBlock(type)
            {
                Label = field.Text("label", MaxLabelLength, required: true, multiline: false),
                Url = field.Url("url", required: true),
            },
            BlockTypes.Columns => new EmailBlock(type) { Left = ReadColumn(item, path, "left", errors), Right = ReadColumn(item, path, "right", errors) },
            BlockTypes.Footer => new EmailBlock(type)
            {
                Text = field.Text("text", MaxTextLength, required: false, multiline: true) ?? "",
                Label = field.Text("label", MaxLabelLength, required: false, multiline: false) ?? DefaultFooterLabel,
            },
            _ => new EmailBlock(type),
        };
    }

    private static BlockColumn? ReadColumn(JsonElement block, string blockPath, string side, List<FieldError> errors)
    {
        var path = JsonPath.Member(blockPath, side);
        if (!block.TryGetProperty(side, out var column) || column.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "must be a column with a picture, text or both"));
            return null;
        }
        var field = new Fields(column, path, errors);
        var result = new BlockColumn(field.Url("imageUrl", required: false), field.Text("imageAlt", MaxAltLength, required: false, multiline: false),
            field.Text("text", MaxTextLength, required: false, multiline: true));
        if (string.IsNullOrEmpty(result.ImageUrl) && string.IsNullOrWhiteSpace(result.Text) && !errors.Any(e => e.Field.StartsWith(path, StringComparison.Ordinal)))
            errors.Add(new(path, "needs a picture, text or both"));
        return result;
    }

    /// <summary>WCAG's contrast ratio between the colour and white.</summary>
    internal static double ContrastWithWhite(string hex)
    {
        static double Channel(int value)
        {
            var c = value / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var rgb = Convert.FromHexString(hex.AsSpan(1));
        var luminance = 0.2126 * Channel(rgb[0]) + 0.7152 * Channel(rgb[1]) + 0.0722 * Channel(rgb[2]);
        return 1.05 / (luminance + 0.05);
    }

    /// <summary>One block's (or column's) fields, each checked and its problem recorded under its path.</summary>
    private readonly struct Fields(JsonElement owner, string path, List<FieldError> errors)
    {
        public string? Text(string name, int maxLength, bool required, bool multiline)
        {
            var at = JsonPath.Member(path, name);
            if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return Missing(at, required);
            if (JsonBody.Text(value) is not { } text)
                return Fail(at, value.ValueKind == JsonValueKind.String ? "must not contain invalid Unicode" : "must be text");
            if (required && string.IsNullOrWhiteSpace(text)) return Fail(at, "is required");
            if (text.Length > maxLength) return Fail(at, $"must be at most {maxLength} characters");
            if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) || UnicodeText.HasLoneSurrogate(text))
                return Fail(at, multiline ? "must not contain control characters other than line breaks" : "must be one line without control characters");
            if (!LiquidCompiler.TryCompile("html", text, out _, out var error))
                return Fail(at, error is { Line: { } line, Column: { } column } ? $"line {line}, column {column}: {error.Reason}" : error.Reason);
            if (LiquidText.WritesRawMarkup(text)) return Fail(at, "shows text, so it cannot use the raw filter: write markup in the HTML editor");
            return text;
        }

        public string? Url(string name, bool required)
        {
            var at = JsonPath.Member(path, name);
            if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return Missing(at, required);
            if (JsonBody.Text(value) is not { } text) return Fail(at, "must be a web address (text)");
            text = text.Trim();
            if (text.Length == 0) return required ? Fail(at, "is required") : null;
            if (BlockUrls.Problem(text) is { } problem) return Fail(at, problem);
            if (!LiquidCompiler.TryCompile("html", text, out _, out var error)) return Fail(at, error.Reason);
            if (LiquidText.WritesRawMarkup(text)) return Fail(at, "cannot use the raw filter");
            return text;
        }

        private string? Missing(string at, bool required) => required ? Fail(at, "is required") : null;

        private string? Fail(string at, string reason)
        {
            errors.Add(new(at, reason));
            return null;
        }
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
