using System.Runtime.CompilerServices;

namespace Watcher.Tests.Fixtures;

/// <summary>Where the tests find their data: their own TestData, the checkout, and ../shared.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln")))
        ?? throw new InvalidOperationException($"No folder with Watcher.sln above {AppContext.BaseDirectory} or {SourceDirectory()}");

    /// <summary>A file copied beside the test binaries from tests/Watcher.Tests/TestData.</summary>
    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

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
    public static string? FindUp(Func<string, bool> found)
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
