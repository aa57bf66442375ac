using Watcher.Tests.Fixtures;

namespace Watcher.Tests.Relevance;

/// <summary>The seeds and the lexicon in the checkout, the relevance test data and the shared tuning data.</summary>
internal static class RelevancePaths
{
    public static string RepoRoot => TestPaths.RepoRoot;

    public static string SeedsDirectory => Path.Combine(RepoRoot, "seeds");

    public static string LexiconPath => Path.Combine(RepoRoot, "src", "Watcher", "Relevance", "lexicon.json");

    public static string TestData(string name) => TestPaths.TestData("Relevance", name);

    public static string SharedDirectory() => TestPaths.SharedDirectory();
}
