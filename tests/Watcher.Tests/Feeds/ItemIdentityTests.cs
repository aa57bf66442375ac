using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds;

public sealed class ItemIdentityTests
{
    [Fact]
    public void GuidWinsOverLinkAndTitle()
    {
        var a = new ParsedItem("Titre", "https://a.example/1", "guid-1", null, null);
        var b = new ParsedItem("Autre titre", "https://a.example/2", "guid-1", null, null);
        Assert.Equal(ItemIdentity.Of(a), ItemIdentity.Of(b));
    }

    [Fact]
    public void WithoutGuidTheNormalizedLinkDecides()
    {
        var a = new ParsedItem("T", "https://a.example/story?utm_source=rss&id=4#comments", null, null, null);
        var b = new ParsedItem("T (mis à jour)", "https://a.example/story?id=4", null, null, null);
        var other = new ParsedItem("T", "https://a.example/story?id=5", null, null, null);
        Assert.Equal(ItemIdentity.Of(a), ItemIdentity.Of(b));
        Assert.NotEqual(ItemIdentity.Of(a), ItemIdentity.Of(other));
    }

    [Fact]
    public void WithNeitherTitleAndDateDecide()
    {
        var date = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(ItemIdentity.Of(new ParsedItem("T", null, null, date, "x")), ItemIdentity.Of(new ParsedItem("T", null, null, date, "y")));
        Assert.NotEqual(ItemIdentity.Of(new ParsedItem("T", null, null, date, null)), ItemIdentity.Of(new ParsedItem("T", null, null, date.AddDays(1), null)));
    }

    [Theory]
    [InlineData("https://A.example:443/p?utm_medium=x&utm_campaign=y&q=1#top", "https://a.example/p?q=1")]
    [InlineData("http://a.example/p?fbclid=abc", "http://a.example/p")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/relative/path", null)]
    [InlineData("", null)]
    public void NormalizesLinks(string link, string? expected) => Assert.Equal(expected, ItemIdentity.NormalizeLink(link));
}
