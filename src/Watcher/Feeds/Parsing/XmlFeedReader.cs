using System.Text;
using System.Xml;

namespace Watcher.Feeds.Parsing;

/// <summary>What one streaming pass over an XML document gave, including where it stopped.</summary>
internal sealed class XmlReadOutcome
{
    public FeedFormat? Format { get; set; }
    public string? RootName { get; set; }
    public string? Title { get; set; }
    public List<ParsedItem> Items { get; } = [];
    public XmlException? Error { get; set; }
    /// <summary>Items past the cap: counted, not read.</summary>
    public int ItemsCut { get; set; }
    public string? Ttl { get; set; }
    public string? UpdatePeriod { get; set; }
    public string? UpdateFrequency { get; set; }
}

/// <summary>
/// One forward-only XmlReader pass over RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom 0.3/1.0; no DOM.
/// DTDs are ignored and never resolved, so external entities and entity bombs cannot expand.
/// Each element handler starts on the element's start tag and leaves the reader on its end tag.
/// </summary>
internal sealed class XmlFeedReader
{
    private readonly XmlReader _r;
    private readonly int _maxItems;
    private readonly FeedNames _n;
    private readonly XmlReadOutcome _outcome = new();
    private readonly StringBuilder _text = new();

    private XmlFeedReader(XmlReader reader, FeedNames names, int maxItems)
    {
        _r = reader;
        _n = names;
        _maxItems = maxItems;
    }

    public static XmlReadOutcome Read(TextReader input, Uri? documentUri, int maxItems) =>
        Read(settings => XmlReader.Create(input, settings), documentUri, maxItems);

    /// <summary>Bytes whose encoding the reader detects itself (only when that agrees with ours).</summary>
    public static XmlReadOutcome Read(Stream input, Uri? documentUri, int maxItems) =>
        Read(settings => XmlReader.Create(input, settings), documentUri, maxItems);

    private static XmlReadOutcome Read(Func<XmlReaderSettings, XmlReader> create, Uri? documentUri, int maxItems)
    {
        var names = new FeedNames(new NameTable());
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = 100_000_000,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            NameTable = names.Table,
        };
        using var reader = create(settings);
        var feedReader = new XmlFeedReader(reader, names, maxItems);
        try
        {
            feedReader.ReadDocument(documentUri);
        }
        catch (XmlException e)
        {
            feedReader._outcome.Error = e;
        }
        return feedReader._outcome;
    }

    private void ReadDocument(Uri? documentUri)
    {
        if (_r.MoveToContent() != XmlNodeType.Element)
        {
            return;
        }
        var local = _r.LocalName;
        _outcome.RootName = _r.Name;
        var baseUri = Links.Rebase(documentUri, _r.GetAttribute(_n.Base, _n.Xml));
        if (ReferenceEquals(local, _n.Rss) || ReferenceEquals(local, _n.RdfRoot))
        {
            _outcome.Format = FeedFormat.Rss;
            ReadRssContainer(baseUri, isChannel: false);
        }
        else if (ReferenceEquals(local, _n.Feed))
        {
            _outcome.Format = FeedFormat.Atom;
            ReadAtomFeed(baseUri);
        }
        else if (ReferenceEquals(local, _n.Entry) && _n.IsAtomNs(_r.NamespaceURI))
        {
            // An Atom entry document (RFC 4287 §4.1.2 as a root): a feed of one item, with no feed title.
            _outcome.Format = FeedFormat.Atom;
            AddItem(ReadAtomEntry(baseUri));
        }
        // The reader stops on the root's end tag: junk after the root is never read.
    }

    /// <summary>&lt;rss&gt;/&lt;rdf:RDF&gt; or &lt;channel&gt;: items may sit in either (RSS 1.0 puts them beside the channel).</summary>
    private void ReadRssContainer(Uri? baseUri, bool isChannel)
    {
        if (_r.IsEmptyElement)
        {
            return;
        }
        int depth = _r.Depth;
        while (_r.Read())
        {
            if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth)
            {
                return;
            }
            if (_r.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            var local = _r.LocalName;
            var rssNs = _n.IsRssNs(_r.NamespaceURI);
            if (rssNs && ReferenceEquals(local, _n.Item))
            {
                if (!SkippedPastCap())
                {
                    AddItem(ReadRssItem(baseUri));
                }
            }
            else if (rssNs && ReferenceEquals(local, _n.Channel) && !isChannel)
            {
                ReadRssContainer(Links.Rebase(baseUri, _r.GetAttribute(_n.Base, _n.Xml)), isChannel: true);
            }
            else if (rssNs && isChannel && ReferenceEquals(local, _n.Title) && _outcome.Title is null)
            {
                _outcome.Title = ReadText();
            }
            else if (rssNs && isChannel && ReferenceEquals(local, _n.Ttl) && _outcome.Ttl is null)
            {
                _outcome.Ttl = ReadText();
            }
            else if (ReferenceEquals(_r.NamespaceURI, _n.Sy) && ReferenceEquals(local, _n.UpdatePeriod) && _outcome.UpdatePeriod is null)
            {
                _outcome.UpdatePeriod = ReadText();
            }
            else if (ReferenceEquals(_r.NamespaceURI, _n.Sy) && ReferenceEquals(local, _n.UpdateFrequency) && _outcome.UpdateFrequency is null)
            {
                _outcome.UpdateFrequency = ReadText();
            }
            else
            {
                SkipToEnd();
            }
        }
    }

    private ParsedItem ReadRssItem(Uri? baseUri)
    {
        baseUri = Links.Rebase(baseUri, _r.GetAttribute(_n.Base, _n.Xml));
        string? title = null, link = null, guid = _r.GetAttribute(_n.About, _n.Rdf), description = null, encoded = null;
        string? pubDate = null, dcDate = null, atomPublished = null, atomUpdated = null;
        if (!_r.IsEmptyElement)
        {
            int depth = _r.Depth;
            while (_r.Read())
            {
                if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth)
                {
                    break;
                }
                if (_r.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                var local = _r.LocalName;
                var ns = _r.NamespaceURI;
                if (_n.IsRssNs(ns))
                {
                    if (ReferenceEquals(local, _n.Title) && title is null) { title = ReadText(); }
                    else if (ReferenceEquals(local, _n.Link) && string.IsNullOrEmpty(link)) { link = ReadText(); }
                    else if (ReferenceEquals(local, _n.Guid) && guid is null) { guid = ReadText(); }
                    else if (ReferenceEquals(local, _n.PubDate) && pubDate is null) { pubDate = ReadText(); }
                    else if (ReferenceEquals(local, _n.Description) && description is null) { description = ReadText(); }
                    else { SkipToEnd(); }
                }
                else if (ReferenceEquals(ns, _n.Dc) && ReferenceEquals(local, _n.Date) && dcDate is null) { dcDate = ReadText(); }
                else if (ReferenceEquals(ns, _n.Content) && ReferenceEquals(local, _n.Encoded) && encoded is null && string.IsNullOrWhiteSpace(description))
                {
                    // Only a fallback for the summary: not worth materializing whole articles otherwise.
                    encoded = ReadText();
                }
                else if (ReferenceEquals(ns, _n.Atom) && ReferenceEquals(local, _n.Published) && atomPublished is null) { atomPublished = ReadText(); }
                else if (ReferenceEquals(ns, _n.Atom) && ReferenceEquals(local, _n.Updated) && atomUpdated is null) { atomUpdated = ReadText(); }
                else { SkipToEnd(); }
            }
        }
        var published = FeedDates.Parse(pubDate) ?? FeedDates.Parse(dcDate)
            ?? FeedDates.Parse(atomPublished) ?? FeedDates.Parse(atomUpdated);
        var summary = string.IsNullOrWhiteSpace(description) ? encoded ?? description : description;
        return new ParsedItem(title, Links.Resolve(baseUri, link), guid, published, summary);
    }

    private void ReadAtomFeed(Uri? baseUri)
    {
        if (_r.IsEmptyElement)
        {
            return;
        }
        int depth = _r.Depth;
        while (_r.Read())
        {
            if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth)
            {
                return;
            }
            if (_r.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            var local = _r.LocalName;
            var atomNs = _n.IsAtomNs(_r.NamespaceURI);
            if (atomNs && ReferenceEquals(local, _n.Entry))
            {
                if (!SkippedPastCap())
                {
                    AddItem(ReadAtomEntry(baseUri));
                }
            }
            else if (atomNs && ReferenceEquals(local, _n.Title) && _outcome.Title is null)
            {
                _outcome.Title = ReadText();
            }
            else
            {
                SkipToEnd();
            }
        }
    }

    private ParsedItem ReadAtomEntry(Uri? baseUri)
    {
        baseUri = Links.Rebase(baseUri, _r.GetAttribute(_n.Base, _n.Xml));
        string? title = null, link = null, id = null, summary = null, content = null;
        string? published = null, issued = null, updated = null, modified = null;
        if (!_r.IsEmptyElement)
        {
            int depth = _r.Depth;
            while (_r.Read())
            {
                if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth)
                {
                    break;
                }
                if (_r.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                var local = _r.LocalName;
                if (!_n.IsAtomNs(_r.NamespaceURI)) { SkipToEnd(); }
                else if (ReferenceEquals(local, _n.Title) && title is null) { title = ReadText(); }
                else if (ReferenceEquals(local, _n.Link) && link is null) { link = ReadAtomLink(baseUri); }
                else if (ReferenceEquals(local, _n.Id) && id is null) { id = ReadText(); }
                else if (ReferenceEquals(local, _n.Published) && published is null) { published = ReadText(); }
                else if (ReferenceEquals(local, _n.Issued) && issued is null) { issued = ReadText(); }
                else if (ReferenceEquals(local, _n.Updated) && updated is null) { updated = ReadText(); }
                else if (ReferenceEquals(local, _n.Modified) && modified is null) { modified = ReadText(); }
                else if (ReferenceEquals(local, _n.Summary) && summary is null) { summary = ReadText(); }
                else if (ReferenceEquals(local, _n.ContentName) && content is null && string.IsNullOrWhiteSpace(summary)) { content = ReadText(); }
                else { SkipToEnd(); }
            }
        }
        var date = FeedDates.Parse(published) ?? FeedDates.Parse(issued)
            ?? FeedDates.Parse(updated) ?? FeedDates.Parse(modified);
        return new ParsedItem(title, link, id, date, string.IsNullOrWhiteSpace(summary) ? content ?? summary : summary);
    }

    /// <summary>The href of an alternate link (no rel, or rel="alternate"), resolved; null for other rels.</summary>
    private string? ReadAtomLink(Uri? baseUri)
    {
        var rel = _r.GetAttribute(_n.Rel);
        string? href = null;
        if (rel is null || rel.Trim().Equals(_n.Alternate, StringComparison.OrdinalIgnoreCase))
        {
            href = _r.GetAttribute(_n.Href)?.Trim();
            if (href is not null)
            {
                href = Links.Resolve(Links.Rebase(baseUri, _r.GetAttribute(_n.Base, _n.Xml)), href);
            }
        }
        SkipToEnd();
        return href;
    }

    /// <summary>All character data of the element (CDATA unwrapped, entities decoded), trimmed.</summary>
    private string ReadText()
    {
        if (_r.IsEmptyElement)
        {
            return "";
        }
        int depth = _r.Depth;
        string? single = null;
        bool many = false;
        while (_r.Read())
        {
            switch (_r.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (!many && single is null)
                    {
                        single = _r.Value;
                    }
                    else
                    {
                        if (!many)
                        {
                            _text.Clear().Append(single);
                            many = true;
                        }
                        _text.Append(_r.Value);
                    }
                    break;
                case XmlNodeType.EndElement when _r.Depth == depth:
                    return (many ? _text.ToString() : single ?? "").Trim();
            }
        }
        return (many ? _text.ToString() : single ?? "").Trim();
    }

    private void SkipToEnd()
    {
        if (_r.IsEmptyElement)
        {
            return;
        }
        int depth = _r.Depth;
        while (_r.Read() && !(_r.NodeType == XmlNodeType.EndElement && _r.Depth == depth))
        {
        }
    }

    private void AddItem(ParsedItem item) => _outcome.Items.Add(item);

    /// <summary>
    /// Past the cap an item is only counted and skipped, so the feed can say how many it lost; the
    /// document's size is already bounded by Polling:MaxBodyBytes.
    /// </summary>
    private bool SkippedPastCap()
    {
        if (_outcome.Items.Count < _maxItems)
        {
            return false;
        }
        _outcome.ItemsCut++;
        SkipToEnd();
        return true;
    }
}
