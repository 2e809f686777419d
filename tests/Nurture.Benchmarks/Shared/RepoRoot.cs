namespace Nurture.Benchmarks.Shared;

/// <summary>The checkout this build came from: the first folder above the binaries holding Nurture.sln.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nurture.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Nurture.sln in any folder above {AppContext.BaseDirectory}: run the benchmarks from a checkout");
    }
}
