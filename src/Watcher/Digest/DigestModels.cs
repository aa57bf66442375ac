namespace Watcher.Digest;

/// <summary>One stored hit as the digest shows it.</summary>
/// <param name="FeedLabel">The feed's label (state media, wire…), shown beside <paramref name="FeedName"/>; null for none.</param>
public sealed record DigestEntry(
    long HitId,
    string Title,
    string? Link,
    string? Summary,
    string FeedName,
    DateTimeOffset? Published,
    DateTimeOffset FoundAt,
    double Score,
    IReadOnlyList<string> MatchedTerms,
    string? FeedLabel = null)
{
    /// <summary>The words that carried the decision (<see cref="Relevance.DecisiveTerms"/>); empty for older hits.</summary>
    public IReadOnlyList<string> DecisiveTerms { get; init; } = [];
}

/// <summary>A rendered digest: subject, a plain-text part and an HTML part.</summary>
public sealed record RenderedDigest(string Subject, string Text, string Html);

/// <summary>What kind of mail is rendered: the scheduled digest or an immediate alert.</summary>
public enum DigestMailKind { Digest, Alert }

/// <summary>A feed an admin should look at, shown in the digest's footer.</summary>
/// <param name="Since">When it started failing, or when it last brought a new item.</param>
/// <param name="Detail">The last error, for a failing feed.</param>
public sealed record FeedProblem(string Name, DateTimeOffset Since, string? Detail);

/// <summary>The admin footer: feeds failing, feeds silent for longer than usual, feeds the server removed, digests that may not have arrived.</summary>
public sealed record FeedHealthReport(IReadOnlyList<FeedProblem> Failing, IReadOnlyList<FeedProblem> Silent)
{
    public static readonly FeedHealthReport None = new([], []);

    /// <summary>Feeds switched off (HTTP 410 Gone); <see cref="FeedProblem.Detail"/> is the reason.</summary>
    public IReadOnlyList<FeedProblem> Disabled { get; init; } = [];

    /// <summary>Earlier runs (of any list) that may not have arrived, until an admin resends or dismisses them.</summary>
    public IReadOnlyList<UnconfirmedDigest> Unconfirmed { get; init; } = [];

    public bool IsEmpty => Failing.Count == 0 && Silent.Count == 0 && Disabled.Count == 0 && Unconfirmed.Count == 0;
}
