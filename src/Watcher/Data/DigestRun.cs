namespace Watcher.Data;

public static class DigestStatuses
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";
}

/// <summary>One attempt to send a digest; recorded before sending so that a crash never sends it twice.</summary>
public sealed class DigestRun
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string[] Recipients { get; set; } = [];
    public int HitCount { get; set; }
    public required string Status { get; set; }
    public required string MessageId { get; set; }
    public string? Subject { get; set; }
    public string? DeliveredTo { get; set; }
    public string? Error { get; set; }
}
