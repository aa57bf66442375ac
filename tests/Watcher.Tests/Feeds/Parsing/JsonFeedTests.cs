using System.Text;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class JsonFeedTests
{
    [Fact]
    public void Reads_json_feed_1_1()
    {
        var json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": " Desk ",
             "items": [
               {"id": "1", "url": "https://x.test/1", "title": "Mali", "summary": "s", "date_published": "2024-05-06T07:08:09+02:00"},
               {"id": 2, "external_url": "https://y.test/2", "content_html": "<p>h</p>"}
             ]}
            """;

        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(FeedFormat.JsonFeed, feed.Format);
        Assert.Equal("Desk", feed.Title);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal(new ParsedItem("Mali", "https://x.test/1", "1", new DateTimeOffset(2024, 5, 6, 5, 8, 9, TimeSpan.Zero), "s"), feed.Items[0]);
        Assert.Equal("2", feed.Items[1].Guid);
        Assert.Equal("https://y.test/2", feed.Items[1].Link);
        Assert.Equal("<p>h</p>", feed.Items[1].Summary);
        Assert.Null(feed.Items[1].Published);
    }

    [Fact]
    public void Relative_item_urls_resolve_against_the_document()
    {
        var json = """{"version": "https://jsonfeed.org/version/1", "items": [{"id": "a", "url": "/posts/a"}]}""";

        var feed = FeedParser.Parse(Encoding.UTF8.GetBytes(json), documentUri: new Uri("https://news.test/feed.json"));

        Assert.Equal("https://news.test/posts/a", Assert.Single(feed.Items).Link);
    }

    [Theory]
    [InlineData("{\n  \"verion\": \"1.0\"\n", "malformed JSON")]
    [InlineData("{\"name\": \"not a feed\"}", "not a JSON Feed")]
    [InlineData("[1, 2]", "not a JSON Feed")]
    public void Json_that_is_not_a_feed_throws(string json, string messagePart)
    {
        var e = Assert.Throws<FeedParseException>(() => FeedParser.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
    }
}
