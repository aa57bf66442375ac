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

    /// <summary>The feed gave no readable date; <see cref="PublishedAt"/> is the first-seen time.</summary>
    public bool PublishedEstimated { get; set; }
    public double Score { get; set; }
    public string[] MatchedTerms { get; set; } = [];

    /// <summary>
    /// The few matched terms that carried the decision (the strongest of each side, a topic word or two),
    /// strongest first: what the digest highlights. Empty for hits stored before they were kept.
    /// </summary>
    public string[] DecisiveTerms { get; set; } = [];
    public DateTimeOffset FoundAt { get; set; }
}
