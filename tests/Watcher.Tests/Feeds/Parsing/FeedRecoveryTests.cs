using System.Text;
using Watcher.Feeds;
using static Watcher.Tests.Feeds.Parsing.FeedParserTestData;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class FeedRecoveryTests
{
    [Fact]
    public void Well_formed_feed_needs_no_recovery()
    {
        var feed = ParseText(Rss("<item><title>A &amp; B</title><link>http://x.test/a</link></item>"));

        Assert.Equal("A & B", Assert.Single(feed.Items).Title);
        Assert.Empty(feed.Recoveries);
    }

    [Fact]
    public void Html_entities_become_characters()
    {
        var feed = ParseText(Rss("<item><title>Bamako&nbsp;: l&eacute;gislatives &laquo;&#160;report&eacute;es&#160;&raquo; &lt;b&gt;</title></item>"));

        Assert.Equal("Bamako\u00a0: législatives «\u00a0reportées\u00a0» <b>", Assert.Single(feed.Items).Title);
        Assert.Contains("html-entities-to-characters", feed.Recoveries);
    }

    [Fact]
    public void Bare_ampersands_are_text_and_real_entities_still_decode()
    {
        var feed = ParseText(Rss("", channelTitle: "Fish & Chips &amp; ?a=1&copy=2 &unknownthing; &lt;3"));

        Assert.Equal("Fish & Chips & ?a=1&copy=2 &unknownthing; <3", feed.Title);
        Assert.Contains("escaped-bare-ampersands", feed.Recoveries);
    }

    [Fact]
    public void Cdata_is_not_touched_by_repairs()
    {
        var feed = ParseText(Rss("<item><title><![CDATA[R&D &amp; co]]></title><description>a & b</description></item>"));

        var item = Assert.Single(feed.Items);
        Assert.Equal("R&D &amp; co", item.Title);
        Assert.Equal("a & b", item.Summary);
    }

    [Fact]
    public void Control_characters_are_dropped()
    {
        var feed = ParseText(Rss("<item><title>ab\u0008cd\u0001</title></item>"));

        Assert.Equal("abcd", Assert.Single(feed.Items).Title);
        Assert.Contains("removed-invalid-xml-chars", feed.Recoveries);
    }

    [Fact]
    public void Missing_namespace_prefixes_are_declared()
    {
        var feed = ParseText(Rss("<item><title>t</title><content:encoded>&lt;p&gt;body</content:encoded><dc:date>2020-01-02T03:04:05Z</dc:date></item>"));

        var item = Assert.Single(feed.Items);
        Assert.Equal("<p>body", item.Summary);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), item.Published);
        Assert.Contains("declared-missing-prefixes:content,dc", feed.Recoveries);
    }

    [Fact]
    public void Leading_whitespace_and_junk_after_the_root_are_ignored()
    {
        var feed = ParseText("\n\n  " + Rss("<item><title>a</title></item>") + "<html>junk</body> & more");

        Assert.Equal("a", Assert.Single(feed.Items).Title);
    }

    [Fact]
    public void Junk_before_the_document_is_stripped()
    {
        var feed = ParseText("Warning: mysql_connect() failed in feed.php\n" + Rss("<item><title>a</title></item>"));

        Assert.Equal("a", Assert.Single(feed.Items).Title);
        Assert.Contains("stripped-leading-junk", feed.Recoveries);
    }

    [Fact]
    public void Truncated_document_keeps_its_complete_items()
    {
        var full = Rss("<item><title>one</title></item><item><title>two</title></item><item><title>three</title></item>");
        var truncated = full[..(full.IndexOf("three", StringComparison.Ordinal) + 2)];

        var feed = ParseText(truncated);

        Assert.Equal(["one", "two"], feed.Items.Select(i => i.Title));
        Assert.Contains(feed.Recoveries, r => r.StartsWith("stopped-at-error", StringComparison.Ordinal));
    }

    [Fact]
    public void Items_outside_the_channel_and_in_rss_1_0_are_found()
    {
        var rdf = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://x.test/"><title>Chan</title><image><title>img</title></image></channel>
              <item rdf:about="http://x.test/1"><title>one</title><link>http://x.test/1</link><dc:date>2017-01-07T09:00:01-05:00</dc:date></item>
            </rdf:RDF>
            """;

        var feed = ParseText(rdf);

        Assert.Equal("Chan", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("http://x.test/1", item.Guid);
        Assert.Equal(new DateTimeOffset(2017, 1, 7, 14, 0, 1, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Atom_entry_reads_alternate_link_id_and_published_but_not_source_title()
    {
        var atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Feed</title>
              <entry><source><title>not me</title></source><title>Entry</title>
                <link rel="self" href="http://x.test/self"/><link rel="alternate" href="http://x.test/page"/>
                <id>tag:x.test,2020:1</id><updated>2020-01-02T00:00:00Z</updated><published>2020-01-01T12:00:00+02:00</published>
                <summary>s</summary></entry>
            </feed>
            """;

        var feed = ParseText(atom);

        Assert.Equal(FeedFormat.Atom, feed.Format);
        var entry = Assert.Single(feed.Items);
        Assert.Equal("Entry", entry.Title);
        Assert.Equal("http://x.test/page", entry.Link);
        Assert.Equal("tag:x.test,2020:1", entry.Guid);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal("s", entry.Summary);
    }

    [Fact]
    public void Atom_entry_document_is_a_feed_of_one_item()
    {
        var atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <entry xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.test/news/">
              <title>Moscou et Bamako signent un accord</title><link href="accord"/>
              <id>tag:x.test,2026:7</id><published>2026-03-01T08:00:00Z</published><summary>s</summary>
            </entry>
            """;

        var feed = ParseText(atom);

        Assert.Equal(FeedFormat.Atom, feed.Format);
        Assert.Null(feed.Title);
        var entry = Assert.Single(feed.Items);
        Assert.Equal("Moscou et Bamako signent un accord", entry.Title);
        Assert.Equal("http://x.test/news/accord", entry.Link);
        Assert.Equal("tag:x.test,2026:7", entry.Guid);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), entry.Published);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Not found</body></html>", "an HTML page")]
    [InlineData("<html><head></head></html>", "an HTML page")]
    [InlineData("Service unavailable", "not XML or JSON")]
    [InlineData("<note><to>Tove</to></note>", "no <rss>, <feed>, <entry> or <rdf:RDF> root")]
    [InlineData("   \n ", "empty document")]
    [InlineData("<rss version=\"2.0\"", "not well-formed")]
    public void Documents_that_are_not_feeds_throw_a_clear_message(string content, string messagePart)
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(content)));

        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
    }
}
