using Xunit;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

public sealed class SeedLearnerTests
{
    private static readonly Lexicon Lexicon = Lexicon.Load(RelevancePaths.LexiconPath);
    private static readonly IReadOnlyList<LearnedKeyword> Learned =
        SeedLearner.Learn(SeedCorpus.Load(RelevancePaths.SeedsDirectory), Lexicon);

    private static LearnedKeyword? Find(string term) => Learned.FirstOrDefault(k => k.Term == term);

    [Theory]
    [InlineData("assimi goita", Facets.Mali)]
    [InlineData("vladimir poutine", Facets.Russia)]
    [InlineData("africa corps", Facets.Russia)]
    [InlineData("sadio camara", Facets.Mali)]
    public void Multi_word_names_are_learned_with_their_side(string term, string facet)
    {
        var keyword = Find(term);
        Assert.NotNull(keyword);
        Assert.Equal(facet, keyword.Facet);
        Assert.True(keyword.Weight > 0);
    }

    [Theory]
    [InlineData("mali", Facets.Mali)]
    [InlineData("bamako", Facets.Mali)]
    [InlineData("russie", Facets.Russia)]
    [InlineData("kremlin", Facets.Russia)]
    [InlineData("wagner", Facets.Russia)]
    [InlineData("engrais", Facets.Topic)]
    [InlineData("partenariat", Facets.Topic)]
    public void Learned_words_take_their_facet_from_the_lexicon(string term, string facet) =>
        Assert.Equal(facet, Find(term)?.Facet);

    [Theory]
    [InlineData("moscou", "moscow")]
    [InlineData("poutine", "putin")]
    [InlineData("malien", "malian")]
    [InlineData("engrais", "fertilizer")]
    [InlineData("junte", "junta")]
    public void Aliases_in_the_other_language_share_weight_and_facet(string learned, string alias)
    {
        var a = Find(learned);
        var b = Find(alias);
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal(a.Weight, b.Weight);
        Assert.Equal(a.Facet, b.Facet);
    }

    [Theory]
    [InlineData("pierviy")] // one seed only
    [InlineData("belarus")] // in no seed
    [InlineData("ghana")] // only in a publisher blurb
    [InlineData("abuja")] // only in a publisher blurb (the AES is in the lexicon: it applies whatever the seeds say)
    [InlineData("uemoa")]
    [InlineData("vladimir")] // only ever part of a name
    public void Words_outside_two_seeds_of_clean_article_text_are_not_learned(string term) =>
        Assert.Null(Find(term));

    [Fact]
    public void Stopwords_are_never_learned() =>
        Assert.DoesNotContain(Learned, k => !k.Term.Contains(' ', StringComparison.Ordinal) && TextNormalizer.IsStopword(TextNormalizer.Stem(k.Term)));

    [Fact]
    public void The_sides_weigh_more_than_the_subject_words()
    {
        Assert.True(Find("mali")!.Weight > Find("partenariat")!.Weight);
        Assert.Contains(Learned, k => k.Facet == Facets.Topic);
        Assert.All(Learned, k => Assert.Contains(k.Facet, Facets.All));
    }

    [Fact]
    public void A_term_in_a_blurb_is_not_learned_even_when_it_recurs()
    {
        var seeds = new[]
        {
            SeedCorpus.Parse("a.txt", "Bamako et Moscou\nLa coopération avance.\n\nRecommandé pour vous\n\nZorglub au festival"),
            SeedCorpus.Parse("b.txt", " date 2024-01 Bamako et Moscou encore\nLa coopération continue.\n\nRecommandé pour vous\n\nZorglub gagne"),
        };
        var learned = SeedLearner.Learn(seeds, Lexicon);
        Assert.Contains(learned, k => k.Term == "bamako");
        Assert.DoesNotContain(learned, k => k.Term.Contains("zorglub", StringComparison.Ordinal));
        Assert.DoesNotContain(learned, k => k.Term == "date");
    }

    [Fact]
    public void A_background_corpus_lowers_words_common_in_general_news()
    {
        var seeds = new[]
        {
            SeedCorpus.Parse("a.txt", "Bamako et Moscou\nUne réunion de coopération sur les engrais."),
            SeedCorpus.Parse("b.txt", "Bamako reçoit Moscou\nUne réunion sur les engrais et la coopération."),
        };
        var background = Enumerable.Range(0, 20).Select(i => $"Une réunion du conseil municipal numéro {i}.").ToList();
        var without = SeedLearner.Learn(seeds, Lexicon);
        var with = SeedLearner.Learn(seeds, Lexicon, background);
        double W(IReadOnlyList<LearnedKeyword> ks, string t) => ks.Single(k => k.Term == t).Weight;

        Assert.True(W(with, "reunion") < W(with, "engrais"));
        Assert.True(W(with, "reunion") < W(without, "reunion"));
    }

    [Fact]
    public void No_seeds_teach_nothing() => Assert.Empty(SeedLearner.Learn([], Lexicon));
}
