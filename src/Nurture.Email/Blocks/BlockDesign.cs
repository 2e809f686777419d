using System.Text.Json.Serialization;

namespace Nurture.Email.Blocks;

/// <summary>
/// An email made of blocks, as the template editor's block editor edits it and the server turns it into
/// responsive HTML (<see cref="BlockEmailBuilder"/>). Text fields are plain text with Liquid (escaped
/// when written as HTML); URLs are http(s) or <c>{{ unsubscribe_url }}</c>.
/// </summary>
public sealed record BlockDesign(string AccentColor, IReadOnlyList<EmailBlock> Blocks)
{
    public const string DefaultAccentColor = "#1d5fd1";
    public const int MaxBlocks = 50;
}

/// <summary>One block. Which fields it uses depends on <see cref="Type"/> (see <see cref="BlockTypes"/>).</summary>
public sealed record EmailBlock(string Type)
{
    /// <summary>heading, text and footer: the words (Liquid allowed).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Text { get; init; }

    /// <summary>image: the picture's address; button: where it leads.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Url { get; init; }

    /// <summary>image: what the picture shows, for people who cannot see it (and mail apps that block images).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Alt { get; init; }

    /// <summary>image: where a click on it leads (optional).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Link { get; init; }

    /// <summary>button: its words; footer: the unsubscribe link's words.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Label { get; init; }

    /// <summary>columns: the left and right column (stacked on phones).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public BlockColumn? Left { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public BlockColumn? Right { get; init; }
}

/// <summary>One column of a two-column block: a picture, some text, or both.</summary>
public sealed record BlockColumn(string? ImageUrl, string? ImageAlt, string? Text);

public static class BlockTypes
{
    public const string Heading = "heading";
    public const string Text = "text";
    public const string Image = "image";
    public const string Button = "button";
    public const string Divider = "divider";
    public const string Columns = "columns";
    public const string Footer = "footer";

    public static readonly IReadOnlyList<string> All = [Heading, Text, Image, Button, Divider, Columns, Footer];
}
