using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace Nurture.Email.Templates;

/// <summary>
/// What a template may do when rendered: read the model's dictionaries, no files (no partials, see
/// <see cref="LiquidCompiler"/>), and bounded work, output and time, so a hostile or careless template is
/// stopped with a reason instead of spinning or filling memory.
/// </summary>
public static class TemplateSandbox
{
    /// <summary>Statements run per part (each loop turn counts): an email runs a few hundred.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Characters one part may render: twice the longest source a part may have.</summary>
    public const int MaxOutputSize = 2 * TemplateRenderer.MaxPartLength;

    /// <summary>Items a range, split or loop may hold.</summary>
    public const int MaxCollectionSize = 10_000;

    /// <summary>Nested renders; partials are refused, so this only guards what Fluid nests itself.</summary>
    public const int MaxRecursion = 20;

    /// <summary>A whole render (every part) stops after this long, for steps that are each slow.</summary>
    public static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(2);

    /// <summary>For the HTML part: markup in values is escaped; any script stays readable (no &amp;#x5C71; for 山).</summary>
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static TemplateOptions Options(TimeProvider time) => new TemplateOptionsBuilder()
        .WithMemberAccessStrategy(() => new NoMemberAccess())
        .WithMaxSteps(MaxSteps)
        .WithMaxOutputSize(MaxOutputSize)
        .WithMaxCollectionSize(MaxCollectionSize)
        .WithMaxRecursion(MaxRecursion)
        // "now" comes from the injected clock, in UTC, so tests and every node agree.
        .WithNow(time.GetUtcNow)
        .WithTimeZone(TimeZoneInfo.Utc)
        .Build();
}
