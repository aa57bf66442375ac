using Xunit;
using System.Text.Json;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

/// <summary>
/// Keywords learned from the project's seeds (plus the shipped lexicon), judged on the labeled
/// development set in ../shared/data. Nothing in the keywords or rules was written for its items.
/// </summary>
public sealed class RelevanceDevSetTests
{
    private sealed record DevItem(string Title, string? Text, bool Relevant);

    [Fact]
    public void Learned_keywords_reach_the_precision_and_F1_targets_on_the_dev_set()
    {
        var path = Path.Combine(RelevancePaths.SharedDirectory(), "data", "relevance-dev.jsonl");
        Assert.True(File.Exists(path), $"Missing {path}");
        var items = File.ReadLines(path).Where(l => l.Length > 0).Select(Parse).ToList();
        Assert.Equal(111, items.Count);

        var seeds = SeedCorpus.Load(RelevancePaths.SeedsDirectory);
        var keywords = SeedLearner.Learn(seeds, Lexicon.Load(RelevancePaths.LexiconPath));
        var classifier = new RelevanceClassifier(keywords.Select(k => k.ToKeywordTerm()));

        int tp = 0, fp = 0, fn = 0;
        var mistakes = new List<string>();
        foreach (var item in items)
        {
            var verdict = classifier.Classify(item.Title, item.Text);
            if (verdict.Relevant && item.Relevant) tp++;
            else if (verdict.Relevant) { fp++; mistakes.Add($"FP {item.Title} ({verdict.Reason})"); }
            else if (item.Relevant) { fn++; mistakes.Add($"FN {item.Title} ({verdict.Reason})"); }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        var f1 = 2 * precision * recall / (precision + recall);
        var summary = $"P {precision:0.000} R {recall:0.000} F1 {f1:0.000}\n" + string.Join("\n", mistakes);
        Assert.True(precision >= 0.95, summary);
        Assert.True(f1 >= 0.95, summary);
    }

    private static DevItem Parse(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        return new DevItem(
            root.GetProperty("title").GetString() ?? "",
            root.GetProperty("text").GetString(),
            root.GetProperty("label").GetString() == "relevant");
    }
}
