namespace Watcher.Data;

public static class DigestStatuses
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Interrupted = "interrupted";
    public const string Failed = "failed";

    /// <summary>A failed run after which nothing was left to send: no longer part of a failure streak.</summary>
    public const string Superseded = "superseded";
}

public static class DigestKinds
{
    public const string DefaultList = "desk";
    public const string Digest = "digest";
    public const string Alert = "alert";
    public const string Empty = "empty";
}

/// <summary>One attempt to send a digest; recorded before sending so that a crash never sends it twice.</summary>
public sealed class DigestRun
{
    public long Id { get; set; }

    /// <summary>The recipient list (Digest:Lists) this run was for.</summary>
    public string ListName { get; set; } = DigestKinds.DefaultList;

    /// <summary>digest, alert (immediate, high score) or empty (the « rien de nouveau » mail).</summary>
    public string Kind { get; set; } = DigestKinds.Digest;

    /// <summary>Set when this run re-sends an earlier one (`watcher digest resend`).</summary>
    public long? ResendOf { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string[] Recipients { get; set; } = [];
    public int HitCount { get; set; }
    public required string Status { get; set; }
    public required string MessageId { get; set; }
    public string? Subject { get; set; }
    public string? DeliveredTo { get; set; }
    public string? Error { get; set; }

    /// <summary>Recipients the server refused while it took the digest for the others: "address (reply); …".</summary>
    public string? RejectedRecipients { get; set; }

    /// <summary>What was sent, kept so a past digest can be shown or sent again exactly.</summary>
    public string? TextBody { get; set; }
    public string? HtmlBody { get; set; }

    /// <summary>
    /// Set when the bodies carry per-recipient links (Http:PublicBaseUrl): the random part of the
    /// placeholders that each recipient's message replaces with that recipient's signed links. Random per
    /// run, so no feed text can forge a placeholder. Null: one message for every recipient, as recorded.
    /// </summary>
    public string? LinkSlot { get; set; }
}
