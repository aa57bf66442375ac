using Watcher.Relevance;
using Watcher.Tests.EndToEnd;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>Aliases are data: an admin's copy of the lexicon (Relevance:LexiconPath) changes what is learned.</summary>
public sealed class LexiconEditingTests
{
    [Fact]
    public void An_alias_added_to_a_concept_is_learned_with_the_concepts_facet_and_weight()
    {
        var json = File.ReadAllText(RelevancePaths.LexiconPath).Replace("\"moscou\", \"moscow\"", "\"moscou\", \"moscow\", \"moskva\"", StringComparison.Ordinal);
        Assert.Contains("moskva", json, StringComparison.Ordinal);
        var learned = SeedLearner.Learn(SeedCorpus.Load(RelevancePaths.SeedsDirectory), Lexicon.Parse(json));
        var moskva = Assert.Single(learned, k => k.Term == "moskva");
        var moscou = Assert.Single(learned, k => k.Term == "moscou");
        Assert.Equal((moscou.Facet, moscou.Weight), (moskva.Facet, moskva.Weight));

        var classifier = new RelevanceClassifier(learned.Select(k => k.ToKeywordTerm()));
        Assert.True(classifier.Classify("Bamako and Moskva sign a military cooperation deal", null).Relevant);
    }

    [Fact]
    public void A_broken_lexicon_file_is_refused_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lexicon-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"concepts\": [ { \"name\": \"x\", ");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => Lexicon.Load(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_lexicon_path_that_does_not_exist_stops_the_start_with_the_key()
    {
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new WatcherTestHost("Host=127.0.0.1;Port=1;Database=none", new Dictionary<string, string?> { ["Relevance:LexiconPath"] = "/nonexistent/lexicon.json" }));
        Assert.Contains("Relevance:LexiconPath", e.Message, StringComparison.Ordinal);
    }
}
