using System.Globalization;
using System.Text;
using System.Xml;
using Watcher.Data;

namespace Watcher.Feeds;

/// <summary>One feed of an OPML subscription list.</summary>
public sealed record OpmlFeed(string Url, string? Title);

/// <summary>OPML 2.0 subscription lists (http://opml.org/spec2.opml): what feed readers import and export.</summary>
public static class Opml
{
    /// <summary>
    /// Every outline with an xmlUrl, at any depth (categories are folders of outlines). DTDs are
    /// ignored and never resolved. Not OPML: a <see cref="FormatException"/> saying why.
    /// </summary>
    public static IReadOnlyList<OpmlFeed> Read(Stream input)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        var feeds = new List<OpmlFeed>();
        try
        {
            using var reader = XmlReader.Create(input, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "opml")
                throw new FormatException($"not an OPML file: the root element is <{reader.Name}>, not <opml>");
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "outline")
                    continue;
                var url = reader.GetAttribute("xmlUrl") ?? reader.GetAttribute("xmlurl");
                if (!string.IsNullOrWhiteSpace(url))
                    feeds.Add(new OpmlFeed(url.Trim(), NullIfBlank(reader.GetAttribute("title")) ?? NullIfBlank(reader.GetAttribute("text"))));
            }
        }
        catch (XmlException e)
        {
            throw new FormatException($"not a well-formed OPML file: {Parsing.ParseErrors.Describe(e)}", e);
        }
        return feeds;
    }

    /// <summary>An OPML 2.0 document listing the feeds (UTF-8, no BOM).</summary>
    public static string Write(IEnumerable<Feed> feeds, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), Async = false };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("opml");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteStartElement("head");
            writer.WriteElementString("title", "Watcher feeds");
            writer.WriteElementString("dateCreated", created.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            writer.WriteStartElement("body");
            foreach (var feed in feeds)
            {
                var title = feed.Name ?? feed.Url;
                writer.WriteStartElement("outline");
                writer.WriteAttributeString("type", "rss");
                writer.WriteAttributeString("text", title);
                writer.WriteAttributeString("title", title);
                writer.WriteAttributeString("xmlUrl", feed.Url);
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
