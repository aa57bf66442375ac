namespace Watcher.Relevance;

/// <summary>The sides a hit must have evidence for, and the subject matter between them.</summary>
public static class Facets
{
    public const string Mali = "mali";
    public const string Russia = "russia";
    public const string Topic = "topic";

    public static readonly IReadOnlyList<string> All = [Mali, Russia, Topic];
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
