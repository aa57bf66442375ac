namespace Watcher.Digest;

/// <summary>One stored hit as the digest shows it.</summary>
public sealed record DigestEntry(
    long HitId,
    string Title,
    string? Link,
    string? Summary,
    string FeedName,
    DateTimeOffset? Published,
    DateTimeOffset FoundAt,
    double Score,
    IReadOnlyList<string> MatchedTerms);

/// <summary>A rendered digest: subject, a plain-text part and an HTML part.</summary>
public sealed record RenderedDigest(string Subject, string Text, string Html);
