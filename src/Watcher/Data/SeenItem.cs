namespace Watcher.Data;

/// <summary>An item already processed for a feed; the unique (feed, identity) pair stops double processing.</summary>
public sealed class SeenItem
{
    public long Id { get; set; }
    public long FeedId { get; set; }
    public required string Identity { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public bool Relevant { get; set; }
    public double Score { get; set; }
}
