using Watcher.Digest;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

public sealed class DigestRendererTests
{
    [Fact]
    public void Subject_is_French_with_count_and_local_date()
    {
        var digest = DigestRenderer.Render([Entry(1), Entry(2), Entry(3)], French());

        Assert.Equal("Mali–Russie — 3 articles — 22 nov. 2026", digest.Subject);
    }

    [Fact]
    public void Subject_uses_singular_for_one_article()
    {
        var digest = DigestRenderer.Render([Entry(1)], French());

        Assert.Equal("Mali–Russie — 1 article — 22 nov. 2026", digest.Subject);
    }

    [Fact]
    public void Subject_in_English_when_asked()
    {
        var digest = DigestRenderer.Render([Entry(1), Entry(2)], French() with { Language = "en" });

        Assert.Equal("Mali–Russia — 2 articles — 22 Nov 2026", digest.Subject);
        Assert.Contains("Why:", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_topic_replaces_the_default()
    {
        var digest = DigestRenderer.Render([Entry(1)], French() with { Topic = "Sahel" });

        Assert.StartsWith("Sahel — 1 article — ", digest.Subject, StringComparison.Ordinal);
    }

    [Theory]
    // 23:30 UTC on 21 Nov: still the 21st in Bamako (UTC+0), already the 22nd in Paris (UTC+1).
    [InlineData("Africa/Bamako", "21 nov. 2026")]
    [InlineData("Europe/Paris", "22 nov. 2026")]
    // 03:00 UTC on 1 Aug: the 31 July in Los Angeles (UTC-7 in summer).
    [InlineData("America/Los_Angeles", "31 juil. 2026")]
    public void Subject_date_is_the_date_in_the_readers_zone(string zone, string expectedDate)
    {
        var now = zone == "America/Los_Angeles"
            ? new DateTimeOffset(2026, 8, 1, 3, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);
        var options = French(now, TimeZoneInfo.FindSystemTimeZoneById(zone));

        var digest = DigestRenderer.Render([Entry(1)], options);

        Assert.EndsWith("— " + expectedDate, digest.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_times_are_shown_in_the_readers_zone()
    {
        var published = new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);
        var entries = new[] { Entry(1, published: published) };

        var bamako = DigestRenderer.Render(entries, French(zone: Bamako));
        var paris = DigestRenderer.Render(entries, French(zone: Paris));

        Assert.Contains("21 nov. 2026 à 23:30", bamako.Text, StringComparison.Ordinal);
        Assert.Contains("22 nov. 2026 à 00:30", paris.Text, StringComparison.Ordinal);
        Assert.Contains("22 nov. 2026 à 00:30", paris.Html, StringComparison.Ordinal);
        Assert.Contains("Heures de Bamako", bamako.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_without_publication_date_shows_when_it_was_found()
    {
        var found = new DateTimeOffset(2026, 11, 22, 5, 45, 0, TimeSpan.Zero);
        var entry = Entry(1) with { Published = null, FoundAt = found };

        var digest = DigestRenderer.Render([entry], French(zone: Paris));

        Assert.Contains("22 nov. 2026 à 06:45", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_are_ordered_by_score_then_newest_first()
    {
        var entries = new[]
        {
            Entry(1, title: "Score deux ancien", score: 2, published: Morning.AddHours(-10)),
            Entry(2, title: "Score cinq", score: 5),
            Entry(3, title: "Score deux récent", score: 2, published: Morning.AddHours(-1)),
            Entry(4, title: "Score un", score: 1),
        };

        var digest = DigestRenderer.Render(entries, French());

        string[] expected = ["Score cinq", "Score deux récent", "Score deux ancien", "Score un"];
        foreach (var part in new[] { digest.Text, digest.Html })
        {
            var positions = expected.Select(t => part.IndexOf(t, StringComparison.Ordinal)).ToList();
            Assert.All(positions, p => Assert.True(p >= 0));
            Assert.Equal(positions.Order().ToList(), positions);
        }
        Assert.Contains("1. Score cinq", digest.Text, StringComparison.Ordinal);
        Assert.Contains("4. Score un", digest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_names_outlet_link_snippet_and_why()
    {
        var entry = Entry(7, title: "Wagner & Africa Corps au Mali", feed: "RFI Afrique",
            link: "https://www.rfi.fr/fr/afrique/mali?x=1&y=2",
            summary: "Les paramilitaires russes d'Africa Corps remplacent Wagner.",
            terms: ["Wagner", "Africa Corps"]);

        var text = DigestRenderer.Render([entry], French()).Text;

        Assert.Contains("1. Wagner & Africa Corps au Mali\n", text, StringComparison.Ordinal);
        Assert.Contains("RFI Afrique · 22 nov. 2026 à 04:00", text, StringComparison.Ordinal);
        Assert.Contains("https://www.rfi.fr/fr/afrique/mali?x=1&y=2", text, StringComparison.Ordinal);
        Assert.Contains("Les paramilitaires russes d'Africa Corps remplacent Wagner.", text, StringComparison.Ordinal);
        Assert.Contains("Pourquoi\u00A0: Wagner, Africa Corps", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_lines_are_wrapped_for_reading()
    {
        var summary = string.Join(' ', Enumerable.Repeat("coopération sécuritaire renforcée", 8));
        var text = DigestRenderer.Render([Entry(1, summary: summary)], French()).Text;

        var snippetLines = text.Split('\n').Where(l => l.Contains("coopération sécuritaire", StringComparison.Ordinal)).ToList();
        Assert.True(snippetLines.Count > 1);
        Assert.All(snippetLines, l => Assert.True(l.Length <= 72, $"line too long ({l.Length}): {l}"));
    }

    [Fact]
    public void Html_is_self_contained_and_dark_mode_aware()
    {
        var html = DigestRenderer.Render([Entry(1)], French()).Html;

        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        // A white background without a text colour turns unreadable when a client darkens the text.
        Assert.DoesNotContain("background-color:#fff;", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("background-color:#ffffff", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Empty_day_renders_the_one_line_nothing_new_mail()
    {
        var digest = DigestRenderer.Render([], French());

        Assert.Equal("Mali–Russie — rien de nouveau — 22 nov. 2026", digest.Subject);
        Assert.StartsWith("Mali–Russie — rien de nouveau — 22 nov. 2026\n\nRien de nouveau depuis le dernier envoi.\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Rien de nouveau depuis le dernier envoi.", digest.Html, StringComparison.Ordinal);
        Assert.Equal("Mali–Russia — nothing new — 22 Nov 2026", DigestRenderer.Render([], French() with { Language = "en" }).Subject);
    }

    [Fact]
    public void Feed_label_stands_beside_the_outlet_in_both_parts_escaped()
    {
        var labelled = Entry(1, feed: "RIA Novosti") with { FeedLabel = "média d'État <public>" };
        var plain = Entry(2, feed: "Journal du Mali");

        var digest = DigestRenderer.Render([labelled, plain], French());

        Assert.Contains("RIA Novosti (média d'État <public>) · ", digest.Text, StringComparison.Ordinal);
        Assert.Contains("Journal du Mali · ", digest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Journal du Mali (", digest.Text, StringComparison.Ordinal);
        Assert.Contains("RIA Novosti (média d&#39;État &lt;public&gt;)", digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<public>", digest.Html, StringComparison.Ordinal);
    }
}
