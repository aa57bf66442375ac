using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Watcher.Digest;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

/// <summary>Feed content is hostile until proven otherwise: it must come out of the HTML part inert.</summary>
public sealed class DigestRendererSafetyTests
{
    private static readonly DigestEntry[] Hostile =
    [
        Entry(1,
            title: "<script>alert('titre')</script> Mali",
            link: "https://evil.example/a?q=\"><img src=x onerror=alert(1)>",
            summary: "Résumé <img src=x onerror=alert(2)> Russie",
            feed: "\"><img src=x onerror=alert(3)>",
            terms: ["Mali"]),
        Entry(2, title: "Lien javascript", link: "javascript:alert(document.cookie)", terms: ["Russie"]),
        Entry(3, title: "Lien data", link: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", terms: ["Russie"]),
        Entry(4, title: "Lien relatif", link: "/article/42", terms: ["Russie"]),
        Entry(5, title: "Lien ftp", link: "ftp://files.example/x", terms: ["Russie"]),
        Entry(6, title: "Lien déguisé", link: " JaVaScRiPt:alert(1)", terms: ["Russie"]),
        Entry(7, title: "Attribut \" onmouseover=\"alert(4)", link: "mailto:redaction@example.org", summary: "x' onfocus='alert(5)", feed: "Feed & <b>Co</b>", terms: ["<mark>"]),
    ];

    private static IDocument RenderHostile()
    {
        var html = DigestRenderer.Render(Hostile, French()).Html;
        return new HtmlParser().ParseDocument(html);
    }

    [Fact]
    public void No_script_image_or_unexpected_element_survives()
    {
        var document = RenderHostile();

        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "html", "head", "meta", "title", "body", "table", "tbody", "tr", "td", "div", "a", "mark", "strong",
        };
        var unexpected = document.All.Select(e => e.LocalName).Where(n => !allowed.Contains(n)).Distinct().ToList();
        Assert.Empty(unexpected);
    }

    [Fact]
    public void No_event_handler_attribute_survives()
    {
        var document = RenderHostile();

        var handlers = document.All
            .SelectMany(e => e.Attributes.Select(a => $"{e.LocalName}@{a.Name}"))
            .Where(a => a.Contains("@on", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Empty(handlers);
    }

    [Fact]
    public void Only_http_links_are_clickable()
    {
        var document = RenderHostile();

        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Single(hrefs);
        Assert.StartsWith("https://evil.example/a?q=", hrefs[0], StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("a"), a => Assert.Equal(["href", "style"], a.Attributes.Select(x => x.Name).Order()));
    }

    [Fact]
    public void Hostile_text_is_shown_as_text()
    {
        var document = RenderHostile();
        var text = document.Body!.TextContent;

        Assert.Contains("<script>alert('titre')</script> Mali", text, StringComparison.Ordinal);
        Assert.Contains("\"><img src=x onerror=alert(3)>", text, StringComparison.Ordinal);
        Assert.Contains("Attribut \" onmouseover=\"alert(4)", text, StringComparison.Ordinal);
        Assert.Contains("Feed & <b>Co</b>", text, StringComparison.Ordinal);
        Assert.Contains("x' onfocus='alert(5)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_http_links_are_still_shown_as_text()
    {
        var digest = DigestRenderer.Render(Hostile, French());
        var text = new HtmlParser().ParseDocument(digest.Html).Body!.TextContent;

        foreach (var link in new[] { "javascript:alert(document.cookie)", "/article/42", "ftp://files.example/x", "mailto:redaction@example.org" })
        {
            Assert.Contains(link, text, StringComparison.Ordinal);
            Assert.Contains("Lien non cliquable\u00A0: " + link, digest.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Raw_html_has_no_unescaped_hostile_markup()
    {
        var html = DigestRenderer.Render(Hostile, French()).Html;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_summaries_are_text_shown_as_written_never_parsed_again()
    {
        // The poller already turned the feed's HTML into text; what looks like markup or an entity now is text.
        var entry = Entry(1, summary: "Le balisage <b>gras</b> et AT&amp;T cités tels quels à Moscou");

        var digest = DigestRenderer.Render([entry], French());

        Assert.Contains("Le balisage <b>gras</b> et AT&amp;T cités tels quels à Moscou", digest.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;gras&lt;/b&gt; et AT&amp;amp;T", digest.Html, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(digest.Html);
        Assert.Empty(document.QuerySelectorAll("b"));
        Assert.Contains("Le balisage <b>gras</b> et AT&amp;T", document.Body!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class HtmlEscapeTests
{
    [Fact]
    public void Escapes_markup_and_both_quote_kinds_but_keeps_accents()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp; été",
            Html.Escape("<a href=\"x\" title='y'>& été"));
    }
}
