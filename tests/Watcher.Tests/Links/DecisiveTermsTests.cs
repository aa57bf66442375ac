using AngleSharp.Html.Parser;
using Watcher.Digest;
using Watcher.Relevance;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Links;

/// <summary>Highlighting only what decided: the choice as a pure function, and the digest that shows it.</summary>
public sealed class DecisiveTermsTests
{
    private static TermMatch M(string term, string facet, double contribution, string? form = null, bool counted = true) =>
        new(term, facet, "summary", contribution, form, counted);

    [Fact]
    public void The_strongest_of_each_side_and_a_topic_word_or_two_never_more_than_four()
    {
        var verdict = new Verdict(true, 30, 6,
        [
            M("russie", Facets.Russia, 6, "Russie"), M("moscou", Facets.Russia, 3, "Moscou"),
            M("mali", Facets.Mali, 6, "Mali"), M("bamako", Facets.Mali, 3),
            M("cooperation", Facets.Topic, 2.5, "coopération"), M("talks", Facets.Topic, 1.2), M("ties", Facets.Topic, 1.1),
            M("support", Facets.Topic, 1.0), M("niger", Facets.Other, 4), M("football", Facets.Unrelated, 3),
            M("goita", Facets.Mali, 7, "Goïta", counted: false),
        ], "hit");

        Assert.Equal(["Mali", "Russie", "coopération", "talks"], DecisiveTerms.Of(verdict, minSideScore: 1.5));
    }

    [Fact]
    public void A_side_carried_by_two_weak_words_shows_both()
    {
        var verdict = new Verdict(true, 9, 6,
            [M("kremlin", Facets.Russia, 1.0), M("lavrov", Facets.Russia, 0.8), M("bamako", Facets.Mali, 3), M("armes", Facets.Topic, 2), M("accord", Facets.Topic, 1.5)],
            "hit");

        Assert.Equal(["bamako", "armes", "kremlin", "lavrov"], DecisiveTerms.Of(verdict, minSideScore: 1.5));
    }

    [Fact]
    public void The_real_classifier_keeps_a_hits_decisive_words_few()
    {
        var classifier = new RelevanceClassifier(
        [
            new KeywordTerm("russie", 6, Facets.Russia), new KeywordTerm("moscou", 3, Facets.Russia), new KeywordTerm("mali", 6, Facets.Mali),
            new KeywordTerm("bamako", 3, Facets.Mali), new KeywordTerm("cooperation", 1.5, Facets.Topic), new KeywordTerm("militaire", 1, Facets.Topic),
            new KeywordTerm("accord", 1, Facets.Topic), new KeywordTerm("defense", 1, Facets.Topic), new KeywordTerm("armes", 1, Facets.Topic),
        ]);
        var verdict = classifier.Classify("Le Mali et la Russie signent un accord de coopération militaire",
            "À Bamako, le ministre de la Défense a reçu son homologue venu de Moscou; des armes seront livrées.");

        var decisive = DecisiveTerms.Of(verdict, classifier.Settings.MinSideScore);

        Assert.True(verdict.Relevant);
        Assert.True(verdict.Matches.Count > DecisiveTerms.Max);
        Assert.InRange(decisive.Count, 3, DecisiveTerms.Max);
        Assert.Equal(["Mali", "Russie"], decisive.Take(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_digest_marks_the_decisive_words_and_why_still_lists_every_match()
    {
        var entry = Entry(1, title: "Le Mali et la Russie signent un accord de coopération",
            summary: "Les pourparlers portent sur le soutien et les liens entre Bamako et Moscou.",
            terms: ["mali", "russie", "accord", "cooperation", "pourparlers", "soutien", "liens", "bamako", "moscou"])
            with { DecisiveTerms = ["Mali", "Russie", "coopération"] };

        var document = new HtmlParser().ParseDocument(DigestRenderer.Render([entry], French()).Html);

        Assert.Equal(["Mali", "Russie", "coopération"], document.QuerySelectorAll("mark").Select(m => m.TextContent));
        var why = document.QuerySelectorAll("div").Last(d => d.TextContent.StartsWith("Pourquoi", StringComparison.Ordinal));
        Assert.Equal(9, why.QuerySelectorAll("strong").Length);
    }

    [Fact]
    public void An_older_hit_without_decisive_words_marks_its_three_strongest()
    {
        var entry = Entry(1, title: "Le Mali et la Russie signent un accord de coopération", summary: "Soutien.",
            terms: ["mali", "russie", "accord", "cooperation", "soutien"]);

        var document = new HtmlParser().ParseDocument(DigestRenderer.Render([entry], French()).Html);

        Assert.Equal(["Mali", "Russie", "accord"], document.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public void Without_links_the_digest_says_nothing_about_them_and_with_them_each_entry_has_its_own()
    {
        var entries = new[] { Entry(5), Entry(6) };

        var plain = DigestRenderer.Render(entries, French());
        var linked = DigestRenderer.Render(entries, French() with { Links = new FixedLinks() });

        foreach (var word in new[] { "Pas pertinent", "article manqué", "désabonner" })
        {
            Assert.DoesNotContain(word, plain.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(word, plain.Text, StringComparison.Ordinal);
            Assert.Contains(word, linked.Html, StringComparison.Ordinal);
            Assert.Contains(word, linked.Text, StringComparison.Ordinal);
        }
        var document = new HtmlParser().ParseDocument(linked.Html);
        Assert.Equal(["https://w.example/f/5", "https://w.example/f/6"],
            document.QuerySelectorAll("a").Where(a => a.TextContent == "Pas pertinent").Select(a => a.GetAttribute("href")).Order(StringComparer.Ordinal));
        Assert.Single(document.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://w.example/missed" && a.TextContent == "Signaler un article manqué");
        Assert.Contains("Pas pertinent\u00A0:\n   https://w.example/f/5\n", linked.Text, StringComparison.Ordinal);
    }

    private sealed class FixedLinks : IDigestLinks
    {
        public string Feedback(long hitId) => "https://w.example/f/" + hitId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public string Missed() => "https://w.example/missed";

        public string Unsubscribe() => "https://w.example/unsubscribe?a=1&b=2";
    }
}
