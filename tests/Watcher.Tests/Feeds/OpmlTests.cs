using System.Text;
using Watcher.Data;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds;

public sealed class OpmlTests
{
    [Fact]
    public void ReadsOutlinesAtAnyDepthWithTheirTitles()
    {
        var opml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head><title>Subscriptions</title></head>
              <body>
                <outline text="Sahel">
                  <outline type="rss" text="Le Sahel" title="Le Sahel (titre)" xmlUrl="https://sahel.example/rss" htmlUrl="https://sahel.example/"/>
                  <outline type="rss" text="Wire" xmlUrl=" https://wire.example/atom.xml "/>
                </outline>
                <outline type="link" text="Not a feed" url="https://example.org/"/>
                <outline type="rss" xmlUrl="https://bare.example/feed"/>
              </body>
            </opml>
            """;

        var feeds = Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(opml)));

        Assert.Equal(
            [new OpmlFeed("https://sahel.example/rss", "Le Sahel (titre)"), new OpmlFeed("https://wire.example/atom.xml", "Wire"), new OpmlFeed("https://bare.example/feed", null)],
            feeds);
    }

    [Fact]
    public void WriteThenReadGivesTheSameFeeds()
    {
        Feed[] feeds =
        [
            new() { Url = "https://a.example/rss?x=1&y=2", Name = "A & \"B\" <C>" },
            new() { Url = "https://b.example/feed" },
        ];

        var text = Opml.Write(feeds, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

        Assert.Contains("<opml version=\"2.0\">", text, StringComparison.Ordinal);
        Assert.Contains("Sun, 22 Nov 2026 00:00:00 GMT", text, StringComparison.Ordinal);
        Assert.Equal(
            [new OpmlFeed("https://a.example/rss?x=1&y=2", "A & \"B\" <C>"), new OpmlFeed("https://b.example/feed", "https://b.example/feed")],
            Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))));
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel/></rss>", "<opml>")]
    [InlineData("<opml><body><outline", "well-formed")]
    public void NotOpmlIsAClearError(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text))));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExternalEntitiesInOpmlAreNeverRead()
    {
        var secret = Path.Combine(Path.GetTempPath(), "watcher-opml-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(secret, "https://secret.example/");
        try
        {
            var text = $"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]><opml version="2.0"><body><outline xmlUrl="https://ok.example/rss" text="&x;"/></body></opml>""";
            IReadOnlyList<OpmlFeed>? feeds = null;
            try
            {
                feeds = Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
            }
            catch (FormatException)
            {
                // Refusing the document is as safe as ignoring the entity.
            }
            Assert.DoesNotContain(feeds ?? [], f => (f.Title ?? "").Contains("secret", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
