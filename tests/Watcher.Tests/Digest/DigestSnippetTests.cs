using AngleSharp.Html.Parser;
using Watcher.Digest;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

public sealed class DigestSnippetTests
{
    private static string LongSummary()
    {
        string[] words = ["Bamako", "Moscou", "coopération", "sécuritaire", "accord", "livraison", "hélicoptères", "formation", "transition", "souveraineté"];
        return string.Join(' ', Enumerable.Range(0, 120).Select(i => words[i * 7 % words.Length]));
    }

    private static string SnippetOf(RenderedDigest digest) =>
        new HtmlParser().ParseDocument(digest.Html).QuerySelectorAll("div")
            .Single(d => d.GetAttribute("style")!.Contains("font-size:15px", StringComparison.Ordinal)).TextContent;

    [Fact]
    public void Long_summary_is_cut_at_a_word_boundary_near_300_characters()
    {
        var summary = LongSummary();

        var snippet = SnippetOf(DigestRenderer.Render([Entry(1, summary: summary)], French()));

        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        var kept = snippet[..^1];
        Assert.InRange(kept.Length, 200, 300);
        Assert.StartsWith(kept, summary, StringComparison.Ordinal);
        Assert.Equal(' ', summary[kept.Length]);
    }

    [Fact]
    public void Short_summary_is_kept_whole()
    {
        const string summary = "Accord de défense entre Bamako et Moscou.";

        var snippet = SnippetOf(DigestRenderer.Render([Entry(1, summary: summary)], French()));

        Assert.Equal(summary, snippet);
    }

    [Fact]
    public void Whitespace_and_line_breaks_in_summaries_are_collapsed()
    {
        var snippet = SnippetOf(DigestRenderer.Render([Entry(1, summary: "  Accord\n\n  de\tdéfense \r\n signé. ")], French()));

        Assert.Equal("Accord de défense signé.", snippet);
    }

    [Fact]
    public void Matched_terms_are_marked_ignoring_accents_and_case()
    {
        var entry = Entry(1,
            title: "La Russie et le Mali",
            summary: "COOPÉRATION militaire: la Defense malienne reçoit des armes russes; Moscou confirme.",
            terms: ["cooperation", "défense", "moscou", "russ"]) with { DecisiveTerms = ["cooperation", "défense", "moscou", "russ"] };

        var document = new HtmlParser().ParseDocument(DigestRenderer.Render([entry], French()).Html);

        var marked = document.QuerySelectorAll("mark").Select(m => m.TextContent).ToList();
        Assert.Equal(["Russie", "COOPÉRATION", "Defense", "russes", "Moscou"], marked);
    }

    [Fact]
    public void Terms_only_match_at_the_start_of_a_word()
    {
        var entry = Entry(1, title: "Sans rapport", summary: "Le somalien et le Mali.", terms: ["mali"]);

        var document = new HtmlParser().ParseDocument(DigestRenderer.Render([entry], French()).Html);

        Assert.Equal(["Mali"], document.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public void Multi_word_terms_and_ligatures_are_matched()
    {
        var entry = Entry(1, title: "Sans rapport",
            summary: "L’Africa Corps et le cœur de l'accord.",
            terms: ["africa corps", "coeur", "l'accord"]);

        var document = new HtmlParser().ParseDocument(DigestRenderer.Render([entry], French()).Html);

        Assert.Equal(["Africa Corps", "cœur", "l'accord"], document.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public void Why_line_lists_each_matched_term_once()
    {
        var entry = Entry(1, terms: ["Wagner", "wagner", "Moscou"]);

        var digest = DigestRenderer.Render([entry], French());
        var strongs = new HtmlParser().ParseDocument(digest.Html).QuerySelectorAll("strong").Select(s => s.TextContent);

        Assert.Equal(["Wagner", "Moscou"], strongs);
        Assert.Contains("Pourquoi\u00A0: Wagner, Moscou\n", digest.Text, StringComparison.Ordinal);
    }
}
