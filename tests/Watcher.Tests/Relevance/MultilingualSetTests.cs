using Watcher.Relevance;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>
/// Keywords learned from the seeds, judged on the project's own multilingual set: real headlines and
/// leads in eight languages, labelled by README's rule, with their sources
/// (tests/Watcher.Tests/TestData/Relevance/multilingual.jsonl). The targets are README's: F1 and
/// precision at least 0.95 overall, recall at least 0.9 in every language.
/// </summary>
public sealed class MultilingualSetTests
{
    [Fact]
    public void Learned_keywords_reach_the_targets_in_every_language()
    {
        var items = LabeledSet.Load(RelevancePaths.TestData("multilingual.jsonl"));
        var languages = File.ReadLines(RelevancePaths.TestData("multilingual.jsonl"))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("lang").GetString()!);
        var classifier = new RelevanceClassifier(
            SeedLearner.Learn(SeedCorpus.Load(RelevancePaths.SeedsDirectory), Lexicon.Load(RelevancePaths.LexiconPath)).Select(k => k.ToKeywordTerm()));

        var report = Evaluation.Run(classifier, items);
        var summary = $"P {report.Precision:0.000} R {report.Recall:0.000} F1 {report.F1:0.000}\n"
            + string.Join("\n", report.Mistakes.Select(m => $"{m.Kind} {m.Item.Id} {m.Item.Title} ({m.Verdict.Reason})"));
        Assert.True(languages.Values.Distinct().Count() >= 5, "at least five languages");
        Assert.True(report.Precision >= 0.95, summary);
        Assert.True(report.F1 >= 0.95, summary);
        foreach (var language in languages.Values.Distinct())
        {
            var relevant = items.Where(i => i.Relevant && languages[i.Id] == language).ToList();
            var found = relevant.Count(i => classifier.IsRelevant(i.Title, i.Text));
            Assert.True(found >= 0.9 * relevant.Count, $"{language}: recall {found}/{relevant.Count}\n{summary}");
        }
    }
}
