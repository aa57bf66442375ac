namespace Watcher.Feeds;

public enum FeedFormat { Rss, Atom, JsonFeed }

/// <summary>What a feed document says, values as published (HTML not yet turned into text).</summary>
/// <param name="MinPollInterval">The feed's own floor on polling (RSS &lt;ttl&gt;, sy:updatePeriod/updateFrequency), capped at a day.</param>
/// <param name="Recoveries">How the document was read leniently (encoding repairs, markup repairs, items cut): shown on the feed as its warning.</param>
public sealed record ParsedFeed(
    FeedFormat Format,
    string? Title,
    IReadOnlyList<ParsedItem> Items,
    IReadOnlyList<string> Recoveries,
    TimeSpan? MinPollInterval = null)
{
    /// <summary>Items after the first Polling:MaxItemsPerFeed, dropped.</summary>
    public int ItemsCut { get; init; }
}

/// <param name="Link">Absolute when the document gave enough to resolve it (xml:base, feed URL).</param>
/// <param name="Published">UTC; null when the feed gave no readable date.</param>
/// <param name="Summary">description / summary / content, raw (may hold HTML).</param>
public sealed record ParsedItem(
    string? Title,
    string? Link,
    string? Guid,
    DateTimeOffset? Published,
    string? Summary);

/// <summary>The document cannot be read as a feed at all.</summary>
public sealed class FeedParseException(string message, Exception? inner = null) : Exception(message, inner);
