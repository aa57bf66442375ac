namespace Watcher.Data;

public static class FeedbackLabels
{
    public const string Relevant = "relevant";
    public const string Irrelevant = "irrelevant";

    public static readonly IReadOnlyList<string> All = [Relevant, Irrelevant];
}

/// <summary>Where a label came from. A string, so a new way of labelling needs no migration.</summary>
public static class FeedbackSources
{
    public const string Cli = "cli";
    public const string DigestLink = "digest-link";
    public const string MissedReport = "missed-report";
    public const string Admin = "admin";
}

/// <summary>
/// An editor's judgement on one article: relevant or not. The text that was judged is copied onto the
/// row, so the label outlives the stored item (retention may prune items; the references then become
/// null). One row per (source, recipient, article): labelling the same article again updates it.
/// </summary>
public sealed class Feedback
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>One of <see cref="FeedbackLabels"/>.</summary>
    public required string Label { get; set; }

    /// <summary>One of <see cref="FeedbackSources"/>.</summary>
    public required string Source { get; set; }

    public long? SeenItemId { get; set; }
    public long? HitId { get; set; }

    /// <summary>The article's link, normalised as the poller normalises links; null for an item without one.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// What makes two labels the same article: the link identity of <see cref="Url"/> (the hash the poller
    /// stores as seen_items.link_identity), or item:/hit: and the id for an item without a link. A hash,
    /// so the unique index holds URLs of any length.
    /// </summary>
    public required string SubjectKey { get; set; }

    public string Title { get; set; } = "";
    public string? Text { get; set; }
    public string? Note { get; set; }

    /// <summary>The digest list and the recipient a digest link was sent to; null from the CLI.</summary>
    public string? ListName { get; set; }
    public string? Recipient { get; set; }

    public bool Relevant => Label == FeedbackLabels.Relevant;
}
