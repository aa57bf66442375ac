using Watcher.Digest;
using Watcher.Feeds;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

public sealed class StoryGrouperTests
{
    [Theory]
    [InlineData("https://www.sahel.example/a/b", "http://sahel.example/a/b/")]
    [InlineData("https://sahel.example/a?id=4&utm_source=rss&utm_medium=x", "https://SAHEL.example/a?id=4#comments")]
    [InlineData("https://sahel.example/a?a=1&b=2", "https://sahel.example/a?a=1&fbclid=xyz&b=2&xtor=RSS-1")]
    [InlineData("https://sahel.example:443/a", "http://www.sahel.example/a/")]
    public void Links_that_differ_only_in_form_are_the_same_story(string first, string second)
    {
        Assert.Equal(StoryGrouper.NormalizeLink(first), StoryGrouper.NormalizeLink(second));
    }

    [Theory]
    [InlineData("https://sahel.example/a?ref=home")]
    [InlineData("https://sahel.example/a?cmp=x&id=3")]
    [InlineData("https://www.sahel.example/a/?utm_source=rss#top")]
    public void Grouping_keeps_exactly_the_parameters_the_poller_keeps(string link)
    {
        // The poller's identity, with only scheme, "www." and a trailing slash folded.
        var identity = new Uri(ItemIdentity.NormalizeLink(link)!);
        var expected = identity.Authority.Replace("www.", "", StringComparison.Ordinal) + identity.AbsolutePath.TrimEnd('/') + identity.Query;

        Assert.Equal(expected, StoryGrouper.NormalizeLink(link));
    }

    [Theory]
    [InlineData("https://sahel.example/a?id=4", "https://sahel.example/a?id=5")]
    [InlineData("https://sahel.example/a", "https://other.example/a")]
    [InlineData("https://sahel.example/a?reference=1", "https://sahel.example/a")]
    [InlineData("https://sahel.example/a?ref=home", "https://sahel.example/a")]
    public void Different_links_stay_different(string first, string second)
    {
        Assert.NotEqual(StoryGrouper.NormalizeLink(first), StoryGrouper.NormalizeLink(second));
    }

    [Fact]
    public void Non_web_links_never_group()
    {
        Assert.Null(StoryGrouper.NormalizeLink("javascript:alert(1)"));
        Assert.Null(StoryGrouper.NormalizeLink("/relative"));
        var stories = StoryGrouper.Group([Entry(1, link: "javascript:x"), Entry(2, link: "javascript:x")]);
        Assert.Equal(2, stories.Count);
    }

    [Fact]
    public void Near_identical_title_and_summary_group_but_a_shared_title_word_does_not()
    {
        var first = Entry(1, title: "Le Mali reçoit deux hélicoptères russes Mi-171", summary: "Les appareils ont été livrés samedi à Bamako, selon l'armée malienne.");
        // Punctuation, case and accents aside, the same words.
        var copy = Entry(2, title: "Le Mali reçoit deux hélicoptères russes (Mi-171)", summary: "Les appareils ont été livrés samedi à Bamako, selon l’armée.");
        var sameTitleOtherStory = Entry(3, title: "Le Mali reçoit deux hélicoptères russes Mi-171", summary: "Analyse : ce que ces achats disent de la dette publique et des priorités budgétaires.");
        var other = Entry(4, title: "Le Mali reçoit une délégation russe", summary: "Les appareils ont été livrés samedi à Bamako, selon l'armée malienne.");

        var stories = StoryGrouper.Group([first, copy, sameTitleOtherStory, other]);

        Assert.Equal([[1, 2], [3], [4]], stories.Select(s => s.Select(e => e.HitId).ToArray()).OrderBy(s => s[0]).ToArray());
    }

    [Fact]
    public void First_publisher_leads_whatever_the_input_order()
    {
        var late = Entry(1, link: "https://sahel.example/x", feed: "Tard", published: Morning.AddHours(-1));
        var early = Entry(2, link: "https://sahel.example/x", feed: "Tôt", published: Morning.AddHours(-5));
        var middle = Entry(3, link: "https://www.sahel.example/x/", feed: "Entre", published: Morning.AddHours(-3));

        var story = Assert.Single(StoryGrouper.Group([late, early, middle]));

        Assert.Equal(["Tôt", "Entre", "Tard"], story.Select(e => e.FeedName));
    }

    [Fact]
    public void Grouped_story_is_one_entry_listing_every_outlet_in_both_parts()
    {
        var entries = new[]
        {
            Entry(1, title: "Accord Mali–Russie", link: "https://a.example/accord", feed: "RFI Afrique", published: Morning.AddHours(-1), score: 2),
            Entry(2, title: "Accord Mali–Russie", link: "https://a.example/accord?utm_campaign=x", feed: "Journal du Mali", published: Morning.AddHours(-4), score: 3),
            Entry(3, title: "Autre sujet", link: "https://b.example/autre", feed: "Studio Tamani", score: 1),
        };

        var digest = DigestRenderer.Render(entries, French());

        Assert.Equal("Mali–Russie — 2 articles — 22 nov. 2026", digest.Subject);
        Assert.Contains("1. Accord Mali–Russie\n   Journal du Mali · 22 nov. 2026 à 03:00\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("   Aussi chez\u00A0:\n   - RFI Afrique · 06:00 · https://a.example/accord\n", digest.Text, StringComparison.Ordinal);
        Assert.Contains("2. Autre sujet", digest.Text, StringComparison.Ordinal);
        Assert.Contains(">RFI Afrique</a> 06:00", digest.Html, StringComparison.Ordinal);
    }
}
