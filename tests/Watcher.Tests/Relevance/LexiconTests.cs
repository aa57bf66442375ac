using Xunit;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

public sealed class LexiconTests
{
    [Fact]
    public void The_shipped_lexicon_loads_with_both_sides()
    {
        var lexicon = Lexicon.Load(RelevancePaths.LexiconPath);
        Assert.Contains(lexicon.Concepts, c => c.Facet == Facets.Mali);
        Assert.Contains(lexicon.Concepts, c => c.Facet == Facets.Russia);
        Assert.All(lexicon.Concepts, c => Assert.Contains(c.Facet, Facets.All));
    }

    [Fact]
    public void No_form_belongs_to_two_concepts()
    {
        var lexicon = Lexicon.Load(RelevancePaths.LexiconPath);
        var owners = lexicon.Concepts
            .SelectMany(c => c.Forms.Select(f => (Key: Lexicon.Key(f), c.Name)))
            .Where(x => x.Key.Length > 0)
            .GroupBy(x => x.Key)
            .Where(g => g.Select(x => x.Name).Distinct().Count() > 1)
            .Select(g => g.Key);
        Assert.Empty(owners);
    }

    [Fact]
    public void An_unknown_facet_is_rejected()
    {
        const string json = """{ "concepts": [ { "name": "x", "facet": "chad", "forms": ["ndjamena"] } ] }""";
        Assert.Throws<ArgumentException>(() => Lexicon.Parse(json));
    }

    [Fact]
    public void A_missing_file_is_a_clear_error() =>
        Assert.Throws<FileNotFoundException>(() => Lexicon.Load("/nonexistent/lexicon.json"));
}
