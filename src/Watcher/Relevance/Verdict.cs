namespace Watcher.Relevance;

/// <summary>
/// The sides a hit must have evidence for, the subject matter between them, and words of other subjects
/// where the sides' names turn up by coincidence (a Malian footballer at CSKA Moscow, the Arm Mali GPU).
/// </summary>
public static class Facets
{
    public const string Mali = "mali";
    public const string Russia = "russia";
    public const string Topic = "topic";

    /// <summary>Another subject: unless the topic words outweigh it, the item is about that subject.</summary>
    public const string Unrelated = "unrelated";

    public static readonly IReadOnlyList<string> All = [Mali, Russia, Topic, Unrelated];
}

/// <summary>An active keyword as the classifier sees it.</summary>
public sealed record KeywordTerm(string Term, double Weight, string Facet);

/// <param name="Field">"title" or "summary".</param>
public sealed record TermMatch(string Term, string Facet, string Field, double Contribution);

/// <summary>A decision with its reasons: score, the threshold it was held to, and what matched.</summary>
public sealed record Verdict(
    bool Relevant,
    double Score,
    double Threshold,
    IReadOnlyList<TermMatch> Matches,
    string Reason);
