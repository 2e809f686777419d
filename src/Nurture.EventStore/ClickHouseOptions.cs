using System.ComponentModel.DataAnnotations;

namespace Nurture.EventStore;

public sealed class ClickHouseOptions
{
    /// <summary>HTTP endpoint of ClickHouse, for example http://127.0.0.1:8123.</summary>
    [Required(ErrorMessage = "Nurture:ClickHouse:Url is required, for example http://127.0.0.1:8123.")]
    [Url(ErrorMessage = "Nurture:ClickHouse:Url must be an http(s) URL.")]
    public string Url { get; set; } = "";

    [Required, RegularExpression("^[A-Za-z_][A-Za-z0-9_]*$", ErrorMessage = "Nurture:ClickHouse:Database must be a plain identifier.")]
    public string Database { get; set; } = "nurture";

    public string Username { get; set; } = "default";
    public string Password { get; set; } = "";

    /// <summary>Rows per INSERT at most.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>The longest an accepted event waits before its batch is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
