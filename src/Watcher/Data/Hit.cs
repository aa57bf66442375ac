namespace Watcher.Data;

/// <summary>A relevant item waiting for, or already sent in, a digest.</summary>
public sealed class Hit
{
    public long Id { get; set; }
    public long FeedId { get; set; }
    public Feed? Feed { get; set; }
    public required string Title { get; set; }
    public string? Link { get; set; }
    public string? Summary { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public double Score { get; set; }
    public string[] MatchedTerms { get; set; } = [];
    public DateTimeOffset FoundAt { get; set; }
    public long? DigestId { get; set; }
    public DigestRun? Digest { get; set; }
}
