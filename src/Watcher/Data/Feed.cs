namespace Watcher.Data;

/// <summary>A subscribed feed and its health, kept on the row so that a failing feed is never silent.</summary>
public sealed class Feed
{
    public const int MaxLabelChars = 60;

    public long Id { get; set; }
    public required string Url { get; set; }
    public string? Name { get; set; }

    /// <summary>What kind of outlet it is (state media, wire, local press…), shown beside its name in the digest; null for none.</summary>
    public string? Label { get; set; }
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

    /// <summary>Why the feed is off (HTTP 410, an admin); null while enabled.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>The feed's own floor on polling (RSS ttl, sy:updatePeriod); never polled more often.</summary>
    public TimeSpan? MinPollInterval { get; set; }

    /// <summary>Last fetch made without validators; feeds with stale validators exist, so one is forced now and then.</summary>
    public DateTimeOffset? LastFullFetchAt { get; set; }

    /// <summary>
    /// How the last fetched document had to be read (invalid UTF-8 repaired, markup repaired, items
    /// cut by Polling:MaxItemsPerFeed); null when it read cleanly. A clean fetch clears it.
    /// </summary>
    public string? LastWarning { get; set; }

    /// <summary>The fetch that last set <see cref="LastWarning"/>.</summary>
    public DateTimeOffset? LastWarningAt { get; set; }

    /// <summary>When the feed last brought an item not seen before (a feed silent for too long is shown to admins).</summary>
    public DateTimeOffset? LastNewItemAt { get; set; }

    /// <summary>The poll (instance and run) that is fetching the feed now; null when nobody is.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>End of that claim's lease, on the database's clock: after it, another poll may take the feed.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; set; }
}
