using System.Globalization;
using System.Security;
using System.Text;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>Small RSS documents written for one test.</summary>
internal static class TestFeeds
{
    public const string Relevant = "Le président russe Vladimir Poutine s'entretient avec le colonel Assimi Goïta";
    public const string Irrelevant = "Fête de fin d'année à l'école de Sévaré";

    public static byte[] Rss(params TestItem[] items) => Rss(null, items);

    public static byte[] Rss(string? channelExtra, params TestItem[] items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>Test</title>""");
        xml.Append(channelExtra);
        foreach (var item in items)
        {
            xml.Append("<item><title>").Append(SecurityElement.Escape(item.Title)).Append("</title>");
            if (item.Link is not null)
                xml.Append("<link>").Append(SecurityElement.Escape(item.Link)).Append("</link>");
            if (item.Guid is not null)
                xml.Append("<guid isPermaLink=\"false\">").Append(SecurityElement.Escape(item.Guid)).Append("</guid>");
            if (item.Published is { } date)
                xml.Append("<pubDate>").Append(date.ToString("R", CultureInfo.InvariantCulture)).Append("</pubDate>");
            xml.Append("<description>").Append(SecurityElement.Escape(item.Summary ?? item.Title)).Append("</description></item>");
        }
        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}

internal sealed record TestItem(string Title, string? Link, string? Guid, DateTimeOffset? Published = null, string? Summary = null);
