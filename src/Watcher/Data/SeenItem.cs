namespace Watcher.Data;

/// <summary>
/// An item already processed for a feed; the unique (feed, identity) pair stops double processing.
/// Its text is kept too: it is the background corpus for learning and what a keyword dry run re-classifies.
/// </summary>
public sealed class SeenItem
{
    public long Id { get; set; }
    public long FeedId { get; set; }
    public required string Identity { get; set; }

    /// <summary>Hash of the normalised link, so an item whose guid changes but link does not is not new.</summary>
    public string? LinkIdentity { get; set; }

    public string Title { get; set; } = "";
    public string? Summary { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }

    /// <summary>
    /// The last full fetch whose document carried the item, to within <see cref="LastSeenResolution"/>;
    /// retention forgets only items their feed no longer carries.
    /// </summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>
    /// A carried item's <see cref="LastSeenAt"/> is rewritten only once it is this old, so a feed fetched
    /// every ten minutes does not rewrite all its rows every ten minutes.
    /// </summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromDays(1);
    public bool Relevant { get; set; }
    public double Score { get; set; }
}
