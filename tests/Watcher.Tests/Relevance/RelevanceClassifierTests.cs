using Xunit;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

public sealed class RelevanceClassifierTests
{
    private static readonly KeywordTerm[] Keywords =
    [
        new("mali", 3, Facets.Mali),
        new("malien", 3, Facets.Mali),
        new("malian", 3, Facets.Mali),
        new("bamako", 2, Facets.Mali),
        new("assimi goita", 3, Facets.Mali),
        new("russie", 3, Facets.Russia),
        new("russia", 3, Facets.Russia),
        new("russian", 3, Facets.Russia),
        new("moscow", 3, Facets.Russia),
        new("kremlin", 2.5, Facets.Russia),
        new("wagner", 2, Facets.Russia),
        new("africa corps", 2, Facets.Russia),
        new("vladimir poutine", 3, Facets.Russia),
        new("cooperation", 1, Facets.Topic),
        new("military", 1, Facets.Topic),
        new("engrais", 0.7, Facets.Topic),
    ];

    private static readonly RelevanceClassifier Classifier = new(Keywords, new ClassifierSettings(Threshold: 6, MinSideScore: 1.5));

    [Fact]
    public void Both_sides_named_make_a_hit_with_a_readable_reason()
    {
        var verdict = Classifier.Classify("Russia and Mali deepen military cooperation", "Moscow sends instructors to Bamako.");
        Assert.True(verdict.Relevant);
        Assert.Equal(6, verdict.Threshold);
        Assert.StartsWith("mali + russia evidence, score ", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains(" ≥ 6.0", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(verdict.Matches.Sum(m => m.Contribution), verdict.Score, 1);
    }

    [Fact]
    public void Matches_name_the_field_the_facet_and_the_contribution()
    {
        var verdict = Classifier.Classify("Russia and Mali deepen military cooperation", "Moscow sends instructors to Bamako.");
        var russia = Assert.Single(verdict.Matches, m => m.Term == "russia");
        Assert.Equal(("title", Facets.Russia, 6.0), (russia.Field, russia.Facet, russia.Contribution));
        var bamako = Assert.Single(verdict.Matches, m => m.Term == "bamako");
        Assert.Equal(("summary", Facets.Mali, 2.0), (bamako.Field, bamako.Facet, bamako.Contribution));
        Assert.Equal(verdict.Matches.OrderByDescending(m => m.Contribution), verdict.Matches);
    }

    [Theory]
    [InlineData("Russia hosts Burkina Faso's defence minister", "Military cooperation with Moscow grows.", "no Mali-side term")]
    [InlineData("Mali and France suspend visas", "Bamako recalls its ambassador.", "no Russia-side term")]
    [InlineData("Football: the new season starts", "Nothing about either country.", "no Mali-side or Russia-side term")]
    public void One_side_alone_is_never_a_hit(string title, string summary, string reason)
    {
        var verdict = Classifier.Classify(title, summary);
        Assert.False(verdict.Relevant);
        Assert.Equal(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("Arm patches the Mali GPU driver", "Exploited in the wild on Android phones.")]
    [InlineData("Cocktail of the week: a Moscow mule twist", "Pineapple, lime and ginger beer.")]
    [InlineData("Wagner Moura shines in the new season", "The actor plays a detective.")]
    [InlineData("Somalia signs a trade deal", "The Somali government and Malawi met in Mombasa.")]
    public void Look_alike_words_do_not_make_a_hit(string title, string summary) =>
        Assert.False(Classifier.Classify(title, summary).Relevant);

    [Fact]
    public void A_word_only_matches_whole_tokens()
    {
        var verdict = Classifier.Classify("Somalia and Malawi", "Kremlinology and Russianness");
        Assert.Empty(verdict.Matches);
    }

    [Fact]
    public void A_title_match_weighs_more_than_a_summary_match()
    {
        var inTitle = Classifier.Classify("Wagner in Mali", "A report.");
        var inSummary = Classifier.Classify("A report", "Wagner in Mali.");
        Assert.True(inTitle.Score > inSummary.Score);
    }

    [Fact]
    public void Evidence_deep_in_a_long_summary_fades()
    {
        var filler = string.Join(' ', Enumerable.Range(0, 100).Select(i => "filler" + (char)('a' + (i % 26))));
        var early = Classifier.Classify("Russia deploys troops", "Mali welcomes them. " + filler);
        var late = Classifier.Classify("Russia deploys troops", filler + " Mali welcomes them.");
        Assert.True(early.Relevant);
        Assert.False(late.Relevant);
        Assert.StartsWith("Mali-side evidence too weak", late.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_word_terms_match_as_phrases_across_case_accents_and_stopwords()
    {
        var verdict = Classifier.Classify("Le colonel Assimi Goïta reçu par Vladimir Poutine", null);
        Assert.Contains(verdict.Matches, m => m.Term == "assimi goita");
        Assert.Contains(verdict.Matches, m => m.Term == "vladimir poutine");
        Assert.True(verdict.Relevant);
        Assert.Empty(Classifier.Classify("Goita Assimi", "Poutine, Vladimir").Matches);
    }

    [Fact]
    public void French_items_are_read_like_english_ones()
    {
        var verdict = Classifier.Classify("Les Maliens saluent l’arrivée d’Africa Corps", "Le Kremlin confirme la coopération avec les autorités.");
        Assert.True(verdict.Relevant);
        Assert.Contains(verdict.Matches, m => m.Term == "malien" && m.Facet == Facets.Mali);
        Assert.Contains(verdict.Matches, m => m.Term == "africa corps");
    }

    [Fact]
    public void A_low_score_is_a_miss_even_with_both_sides()
    {
        var strict = new RelevanceClassifier(Keywords, new ClassifierSettings(Threshold: 50, MinSideScore: 1));
        var verdict = strict.Classify("Russia and Mali", null);
        Assert.False(verdict.Relevant);
        Assert.Equal("mali + russia evidence, but score 12.0 < 50.0", verdict.Reason);
    }

    [Fact]
    public void Each_term_counts_once()
    {
        var once = Classifier.Classify("Mali", null);
        var thrice = Classifier.Classify("Mali, Mali, Mali", null);
        Assert.Equal(once.Score, thrice.Score);
    }

    [Theory]
    [InlineData("Russia and Mali sign a deal", "Moscow and Bamako agree.")]
    [InlineData("Mali GPU", "Arm")]
    [InlineData(null, null)]
    [InlineData("", "Wagner in Mali: the Kremlin's men")]
    public void IsRelevant_agrees_with_Classify(string? title, string? summary) =>
        Assert.Equal(Classifier.Classify(title, summary).Relevant, Classifier.IsRelevant(title, summary));

    [Fact]
    public void Nothing_to_read_is_a_miss_without_matches()
    {
        var verdict = Classifier.Classify(null, "");
        Assert.False(verdict.Relevant);
        Assert.Empty(verdict.Matches);
        Assert.Equal(0, verdict.Score);
    }

    [Fact]
    public void Spellings_of_one_term_are_merged_keeping_the_stronger_weight()
    {
        var classifier = new RelevanceClassifier([new("russe", 1, Facets.Russia), new("Russes", 2, Facets.Russia), new("mali", 3, Facets.Mali)]);
        Assert.Equal(2, classifier.TermCount);
        var match = Assert.Single(classifier.Classify(null, "des instructeurs russes").Matches);
        Assert.Equal(2, match.Contribution);
    }

    [Fact]
    public void An_unknown_facet_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new RelevanceClassifier([new("x", 1, "chad")]));

    [Fact]
    public void Classification_is_safe_across_threads()
    {
        var items = Enumerable.Range(0, 2000)
            .Select(i => i % 2 == 0 ? ("Russia and Mali " + i, "Moscow and Bamako") : ("Mali GPU " + i, "Arm"))
            .ToArray();
        var results = new bool[items.Length];
        Parallel.For(0, items.Length, i => results[i] = Classifier.Classify(items[i].Item1, items[i].Item2).Relevant);
        Assert.All(Enumerable.Range(0, items.Length), i => Assert.Equal(i % 2 == 0, results[i]));
    }
}
