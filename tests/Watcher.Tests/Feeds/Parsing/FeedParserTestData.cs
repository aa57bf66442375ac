using System.Text;
using Watcher.Feeds;

namespace Watcher.Tests.Feeds.Parsing;

internal static class FeedParserTestData
{
    public static ParsedFeed ParseText(string xml, Uri? documentUri = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), documentUri: documentUri);

    public static string Rss(string itemsXml, string channelTitle = "T", string rootAttributes = "") =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"{rootAttributes}><channel><title>{channelTitle}</title>{itemsXml}</channel></rss>";
}
