using System.Runtime.CompilerServices;

namespace Watcher.Tests.Relevance;

/// <summary>Finds the repository (for the seeds and the lexicon) and the shared tuning data.</summary>
internal static class RelevancePaths
{
    public static string RepoRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln")))
        ?? throw new InvalidOperationException($"No folder with Watcher.sln above {AppContext.BaseDirectory} or {SourceDirectory()}");

    public static string SeedsDirectory => Path.Combine(RepoRoot, "seeds");

    public static string LexiconPath => Path.Combine(RepoRoot, "src", "Watcher", "Relevance", "lexicon.json");

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Relevance", name);

    /// <summary>WATCHER_SHARED_DIR, else a `shared` folder beside one of the folders above the tests.</summary>
    public static string SharedDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("WATCHER_SHARED_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Directory.Exists(fromEnv)
                ? fromEnv
                : throw new DirectoryNotFoundException($"WATCHER_SHARED_DIR={fromEnv} does not exist.");
        }

        var parent = FindUp(d => Directory.Exists(Path.Combine(d, "shared", "data")));
        return parent is not null
            ? Path.Combine(parent, "shared")
            : throw new DirectoryNotFoundException(
                "The shared tuning data (shared/data/relevance-dev.jsonl) was not found: set WATCHER_SHARED_DIR "
                + $"or place `shared` beside a folder above {AppContext.BaseDirectory}.");
    }

    /// <summary>Searches above the test binaries, then above this source file (for builds with --artifacts-path elsewhere).</summary>
    private static string? FindUp(Func<string, bool> found)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (found(dir.FullName))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}
