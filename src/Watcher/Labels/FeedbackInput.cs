using Watcher.Data;

namespace Watcher.Labels;

/// <summary>
/// A label to store. Say which article with <see cref="SeenItemId"/>, <see cref="HitId"/> or <see cref="Url"/>
/// (a URL Watcher has stored is matched to its item); <see cref="Title"/> and <see cref="Text"/> replace
/// the stored item's, and are required for an article Watcher does not hold.
/// </summary>
/// <param name="Label">relevant or irrelevant (<see cref="FeedbackLabels"/>).</param>
/// <param name="Source">Who labelled, one of <see cref="FeedbackSources"/>.</param>
public sealed record FeedbackInput(string Label, string Source)
{
    public long? SeenItemId { get; init; }
    public long? HitId { get; init; }
    public string? Url { get; init; }
    public string? Title { get; init; }
    public string? Text { get; init; }
    public string? Note { get; init; }

    /// <summary>The digest list and recipient of a digest link; with the source, they say whose label this is.</summary>
    public string? ListName { get; init; }
    public string? Recipient { get; init; }
}

/// <summary>An article Watcher holds: a polled item, its hit when it was one, and the text the classifier read.</summary>
public sealed record StoredItem(long? SeenItemId, long? HitId, string Title, string? Text, string? Url);

/// <param name="PreviousLabel">The label this one replaced (same article, source and recipient); null when the row is new.</param>
public sealed record FeedbackResult(Feedback Feedback, string? PreviousLabel)
{
    public bool Created => PreviousLabel is null;
}
