using System.Xml;

namespace Watcher.Feeds.Parsing;

/// <summary>Element names and namespaces, atomized in the reader's name table so comparisons are by reference.</summary>
internal sealed class FeedNames
{
    public const string AtomNs = "http://www.w3.org/2005/Atom";
    public const string Atom03Ns = "http://purl.org/atom/ns#";
    public const string Rss10Ns = "http://purl.org/rss/1.0/";
    public const string Rss09Ns = "http://my.netscape.com/rdf/simple/0.9/";
    public const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string DcNs = "http://purl.org/dc/elements/1.1/";
    public const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    public const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    public const string SyNs = "http://purl.org/rss/1.0/modules/syndication/";

    public FeedNames(XmlNameTable table)
    {
        Table = table;
        Empty = table.Add("");
        Atom = table.Add(AtomNs);
        Atom03 = table.Add(Atom03Ns);
        Rss10 = table.Add(Rss10Ns);
        Rss09 = table.Add(Rss09Ns);
        Rdf = table.Add(RdfNs);
        Dc = table.Add(DcNs);
        Content = table.Add(ContentNs);
        Rss = table.Add("rss");
        RdfRoot = table.Add("RDF");
        Feed = table.Add("feed");
        Channel = table.Add("channel");
        Item = table.Add("item");
        Entry = table.Add("entry");
        Title = table.Add("title");
        Link = table.Add("link");
        Guid = table.Add("guid");
        Id = table.Add("id");
        PubDate = table.Add("pubDate");
        Date = table.Add("date");
        Published = table.Add("published");
        Issued = table.Add("issued");
        Updated = table.Add("updated");
        Modified = table.Add("modified");
        Description = table.Add("description");
        Encoded = table.Add("encoded");
        Summary = table.Add("summary");
        ContentName = table.Add("content");
        About = table.Add("about");
        Rel = table.Add("rel");
        Href = table.Add("href");
        Alternate = table.Add("alternate");
        Base = table.Add("base");
        Xml = table.Add(XmlNs);
        Sy = table.Add(SyNs);
        Ttl = table.Add("ttl");
        UpdatePeriod = table.Add("updatePeriod");
        UpdateFrequency = table.Add("updateFrequency");
    }

    public XmlNameTable Table { get; }
    public string Empty { get; }
    public string Atom { get; }
    public string Atom03 { get; }
    public string Rss10 { get; }
    public string Rss09 { get; }
    public string Rdf { get; }
    public string Dc { get; }
    public string Content { get; }
    public string Rss { get; }
    public string RdfRoot { get; }
    public string Feed { get; }
    public string Channel { get; }
    public string Item { get; }
    public string Entry { get; }
    public string Title { get; }
    public string Link { get; }
    public string Guid { get; }
    public string Id { get; }
    public string PubDate { get; }
    public string Date { get; }
    public string Published { get; }
    public string Issued { get; }
    public string Updated { get; }
    public string Modified { get; }
    public string Description { get; }
    public string Encoded { get; }
    public string Summary { get; }
    public string ContentName { get; }
    public string About { get; }
    public string Rel { get; }
    public string Href { get; }
    public string Alternate { get; }
    public string Base { get; }
    public string Xml { get; }
    public string Sy { get; }
    public string Ttl { get; }
    public string UpdatePeriod { get; }
    public string UpdateFrequency { get; }

    /// <summary>No namespace, or one of the RSS 0.9/1.0 namespaces.</summary>
    public bool IsRssNs(string ns) => ReferenceEquals(ns, Empty) || ReferenceEquals(ns, Rss10) || ReferenceEquals(ns, Rss09);

    /// <summary>Atom 1.0 or 0.3, or no namespace (sloppy Atom).</summary>
    public bool IsAtomNs(string ns) => ReferenceEquals(ns, Atom) || ReferenceEquals(ns, Atom03) || ReferenceEquals(ns, Empty);
}
