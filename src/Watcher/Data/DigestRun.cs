namespace Watcher.Data;

public static class DigestStatuses
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>
    /// The message data was handed to the server but its answer never came (a crash, a timeout, a dropped
    /// connection): it may have arrived. Never sent again by itself; an admin checks and resends or dismisses it.
    /// </summary>
    public const string Ambiguous = "ambiguous";
    public const string Failed = "failed";

    /// <summary>A failed run after which nothing was left to send: no longer part of a failure streak.</summary>
    public const string Superseded = "superseded";
}

/// <summary>How far a run "sending" got: each phase is recorded before the step it names is taken.</summary>
public static class DigestPhases
{
    /// <summary>Recorded and its hits claimed; nothing has left the process.</summary>
    public const string Claimed = "claimed";

    /// <summary>Connecting to the SMTP server and talking to it (TLS, AUTH, MAIL, RCPT); no message data sent yet.</summary>
    public const string Connecting = "connecting";

    /// <summary>Writing the .eml file to the outbox: delivered once the final file exists (the rename is atomic).</summary>
    public const string Writing = "writing";

    /// <summary>The message data is being handed to the SMTP server: from here on it may arrive.</summary>
    public const string DataSent = "data-sent";

    /// <summary>Before <see cref="DataSent"/> nothing can have arrived, so a run cut off there is safe to send again.</summary>
    public static bool NothingSent(string? phase) => phase is Claimed or Connecting;
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

    /// <summary>While "sending": how far it got (<see cref="DigestPhases"/>), and since when.</summary>
    public string? Phase { get; set; }
    public DateTimeOffset? PhaseAt { get; set; }

    /// <summary>Where it was going: "smtp host:port", or the outbox folder (phase <see cref="DigestPhases.Writing"/>).</summary>
    public string? Destination { get; set; }
    public string? DeliveredTo { get; set; }
    public string? Error { get; set; }

    /// <summary>Recipients the server refused while it took the digest for the others: "address (reply); …".</summary>
    public string? RejectedRecipients { get; set; }

    /// <summary>An <see cref="DigestStatuses.Ambiguous"/> run an admin has dealt with (resent it, or found it had arrived).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

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
