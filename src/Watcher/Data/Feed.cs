namespace Watcher.Data;

/// <summary>A subscribed feed and its health, kept on the row so that a failing feed is never silent.</summary>
public sealed class Feed
{
    public long Id { get; set; }
    public required string Url { get; set; }
    public string? Name { get; set; }
    public bool Enabled { get; set; } = true;
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public string? LastErrorKind { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? NextPollAt { get; set; }
}
