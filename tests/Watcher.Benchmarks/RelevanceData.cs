using System.IO.Compression;
using System.Text.Json;
using Watcher.Relevance;

/// <summary>The stream sample (../shared or WATCHER_SHARED_DIR) and the seeds and lexicon Watcher ships.</summary>
public static class RelevanceData
{
    public sealed record StreamItem(string Id, string Title, string? Text, string? Url);

    public static string SharedDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("WATCHER_SHARED_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return fromEnv;
        return FindUp(d => File.Exists(Path.Combine(d, "shared", "data", "stream-sample.jsonl.gz"))) is { } parent
            ? Path.Combine(parent, "shared")
            : throw new DirectoryNotFoundException("shared/data/stream-sample.jsonl.gz not found above the working folder: set WATCHER_SHARED_DIR");
    }

    public static IReadOnlyList<StreamItem> LoadStream(int max = int.MaxValue)
    {
        var path = Path.Combine(SharedDirectory(), "data", "stream-sample.jsonl.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var items = new List<StreamItem>();
        while (items.Count < max && reader.ReadLine() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            items.Add(new StreamItem(
                root.GetProperty("id").GetString()!,
                root.GetProperty("title").GetString() ?? "",
                root.TryGetProperty("text", out var text) ? text.GetString() : null,
                root.TryGetProperty("url", out var url) ? url.GetString() : null));
        }
        return items;
    }

    /// <summary>The seeds shipped beside the executable, else those of the repository.</summary>
    public static string SeedsDirectory() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "seeds"))
            ? Path.Combine(AppContext.BaseDirectory, "seeds")
            : Path.Combine(FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln"))) ?? throw new DirectoryNotFoundException("seeds/ not found"), "seeds");

    public static string RepositoryDirectory() =>
        FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln"))) ?? throw new DirectoryNotFoundException("Watcher.sln not found above the working folder");

    public static Lexicon Lexicon() =>
        File.Exists(Watcher.Relevance.Lexicon.DefaultPath)
            ? Watcher.Relevance.Lexicon.Load(Watcher.Relevance.Lexicon.DefaultPath)
            : Watcher.Relevance.Lexicon.Load(Path.Combine(FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln")))!, "src", "Watcher", "Relevance", "lexicon.json"));

    /// <summary>
    /// Ten thousand editor labels as the learning benchmark uses them: the first 9,700 items of the stream
    /// sample as irrelevant (general news; among them the few the keywords wrongly keep), and 300
    /// relevant-looking items, each the title of one relevant item of the dev set or of the tests' French and
    /// English set with the summary of another (59 relevant items, so 300 distinct pairs).
    /// </summary>
    public static IReadOnlyList<LabeledItem> Labels(int irrelevant = 9_700, int relevant = 300)
    {
        var root = FindUp(d => File.Exists(Path.Combine(d, "Watcher.sln"))) ?? throw new DirectoryNotFoundException("Watcher.sln not found");
        var sources = LabeledSet.Load(Path.Combine(SharedDirectory(), "data", "relevance-dev.jsonl"))
            .Concat(LabeledSet.Load(Path.Combine(root, "tests", "Watcher.Tests", "TestData", "Relevance", "fr-en-realistic.jsonl")))
            .Where(i => i.Relevant)
            .ToList();
        var labels = LoadStream(irrelevant).Select(i => new LabeledItem("stream " + i.Id, i.Title, i.Text, false)).ToList();
        for (var k = 0; k < relevant; k++)
        {
            var title = sources[k % sources.Count];
            var text = sources[(k + 1 + k / sources.Count) % sources.Count];
            // Some dev-set items have no summary: their title stands in for it.
            labels.Add(new LabeledItem($"relevant {k}", title.Title, string.IsNullOrEmpty(text.Text) ? text.Title : text.Text, true));
        }
        return labels;
    }

    public static RelevanceClassifier LearnedClassifier() =>
        new(SeedLearner.Learn(SeedCorpus.Load(SeedsDirectory()), Lexicon()).Select(k => k.ToKeywordTerm()));

    private static string? FindUp(Func<string, bool> found)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (found(dir.FullName))
                    return dir.FullName;
            }
        }
        return null;
    }
}
