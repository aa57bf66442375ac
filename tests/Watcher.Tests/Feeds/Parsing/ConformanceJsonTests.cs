using System.Text.Json;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class ConformanceJsonTests
{
    [Fact]
    public void Writes_the_conformance_schema()
    {
        var feed = new ParsedFeed(FeedFormat.Atom, "Flux « é »", [
            new ParsedItem("t", "http://x.test/1", "g", new DateTimeOffset(2017, 1, 7, 9, 0, 1, 500, TimeSpan.FromHours(-5)), "s"),
            new ParsedItem(null, null, null, null, null),
        ], ["escaped-bare-ampersands"]);

        using var json = JsonDocument.Parse(ConformanceJson.Write(feed));
        var root = json.RootElement;

        Assert.Equal("atom", root.GetProperty("format").GetString());
        Assert.Equal("Flux « é »", root.GetProperty("feed_title").GetString());
        Assert.Equal(2, root.GetProperty("item_count").GetInt32());
        var first = root.GetProperty("items")[0];
        Assert.Equal("t", first.GetProperty("title").GetString());
        Assert.Equal("http://x.test/1", first.GetProperty("link").GetString());
        Assert.Equal("g", first.GetProperty("guid").GetString());
        Assert.Equal("2017-01-07T14:00:01Z", first.GetProperty("published_utc").GetString());
        var second = root.GetProperty("items")[1];
        Assert.Equal(JsonValueKind.Null, second.GetProperty("title").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("published_utc").ValueKind);
        Assert.Equal("escaped-bare-ampersands", root.GetProperty("recovered_by")[0].GetString());
    }

    [Fact]
    public void Unparseable_answer_has_no_items_and_the_reason()
    {
        using var json = JsonDocument.Parse(ConformanceJson.WriteUnparseable("empty document"));

        Assert.Equal("unparseable", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("empty document", json.RootElement.GetProperty("error").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("item_count").GetInt32());
    }
}
