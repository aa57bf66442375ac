using Watcher.Feeds;
using static Watcher.Tests.Feeds.Parsing.FeedParserTestData;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

/// <summary>Hostile DTDs: external entities are never fetched or read, entity bombs never expand.</summary>
public sealed class XmlSafetyTests
{
    [Fact]
    public void External_file_entity_is_never_read()
    {
        var secret = Path.Combine(Path.GetTempPath(), "watcher-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <rss version="2.0"><channel><title>&xxe;</title><item><title>x &xxe; y</title></item></channel></rss>
                """;

            var feed = ParseOrNull(xml);

            var text = feed is null ? "" : feed.Title + string.Join("|", feed.Items.Select(i => i.Title));
            Assert.DoesNotContain("TOP-SECRET-CONTENT", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Billion_laughs_does_not_expand()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(i =>
            $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [ <!ENTITY lol0 "lol"> {entities} ]>
            <rss version="2.0"><channel><title>&lol9;</title><item><title>ok</title></item></channel></rss>
            """;

        var feed = ParseOrNull(xml);

        // Either refused or read with the reference left as text: never a giant expansion.
        if (feed is not null)
        {
            Assert.True((feed.Title ?? "").Length < 100, $"title expanded to {feed.Title?.Length} characters");
            Assert.Equal("ok", Assert.Single(feed.Items).Title);
        }
    }

    [Fact]
    public void Parameter_entities_pointing_outside_are_refused()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>
            <rss version="2.0"><channel><title>safe</title></channel></rss>
            """;

        var error = Assert.Throws<FeedParseException>(() => ParseText(xml));
        Assert.Contains("XXE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entity_bomb_is_refused_as_such()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [ <!ENTITY a "aaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;"> ]>
            <rss version="2.0"><channel><title>&b;</title></channel></rss>
            """;

        Assert.Contains("expansion", Assert.Throws<FeedParseException>(() => ParseText(xml)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">""")]
    [InlineData("""<!DOCTYPE rss [ <!ENTITY nbsp "&#160;"> <!ENTITY copy '&#169;'> ]>""")]
    public void Harmless_doctypes_are_still_read(string doctype)
    {
        var xml = $"""
            <?xml version="1.0"?>
            {doctype}
            <rss version="0.91"><channel><title>ok</title><item><title>one</title></item></channel></rss>
            """;

        var feed = ParseText(xml);
        Assert.Equal("ok", feed.Title);
        Assert.Equal("one", Assert.Single(feed.Items).Title);
    }

    private static ParsedFeed? ParseOrNull(string xml)
    {
        try
        {
            return ParseText(xml);
        }
        catch (FeedParseException)
        {
            return null;
        }
    }
}
