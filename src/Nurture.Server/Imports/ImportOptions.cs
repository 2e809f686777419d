namespace Nurture.Server.Imports;

/// <summary>Nurture:Imports settings.</summary>
public sealed class ImportOptions
{
    /// <summary>The largest file accepted (the file is kept in PostgreSQL so a run can resume).</summary>
    public long MaxFileBytes { get; set; } = 50 * 1024 * 1024;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How long a node holds an import it works on without reporting progress before another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Rows written at once; rows with the same email always go one after another.</summary>
    public int Parallelism { get; set; } = 4;
}
