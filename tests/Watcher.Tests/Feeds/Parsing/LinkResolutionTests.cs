using static Watcher.Tests.Feeds.Parsing.FeedParserTestData;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class LinkResolutionTests
{
    [Fact]
    public void Relative_rss_link_resolves_against_the_document_uri()
    {
        var feed = ParseText(Rss("<item><link>/afrique/mali-1.html</link></item>"), new Uri("https://www.example.test/rss/une.xml"));

        Assert.Equal("https://www.example.test/afrique/mali-1.html", Assert.Single(feed.Items).Link);
    }

    [Fact]
    public void Relative_link_is_kept_as_written_without_a_base()
    {
        var feed = ParseText(Rss("<item><link>/afrique/mali-1.html</link></item>"));

        Assert.Equal("/afrique/mali-1.html", Assert.Single(feed.Items).Link);
    }

    [Fact]
    public void Absolute_link_is_kept_exactly()
    {
        const string link = "http://Example.test/a b?x=1&y=%20";
        var feed = ParseText(Rss("<item><link>http://Example.test/a b?x=1&amp;y=%20</link></item>"), new Uri("https://other.test/"));

        Assert.Equal(link, Assert.Single(feed.Items).Link);
    }

    [Fact]
    public void Atom_xml_base_on_feed_entry_and_link_stack()
    {
        var atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.test/root/">
              <entry xml:base="2024/"><link href="post.html"/></entry>
              <entry><link xml:base="https://cdn.test/x/" href="y.html"/></entry>
              <entry><link href="../up.html"/></entry>
            </feed>
            """;

        var feed = ParseText(atom, new Uri("https://ignored.test/feed.atom"));

        Assert.Equal(
            ["https://blog.test/root/2024/post.html", "https://cdn.test/x/y.html", "https://blog.test/up.html"],
            feed.Items.Select(i => i.Link));
    }
}
