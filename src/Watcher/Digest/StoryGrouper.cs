using Watcher.Feeds;

namespace Watcher.Digest;

/// <summary>
/// Groups hits that report the same event: the same link once normalised, or a near-identical
/// title and summary (token-set similarity). Each group is ordered first publisher first.
/// </summary>
internal static class StoryGrouper
{
    /// <summary>Share of distinct title words two reports must have in common (Jaccard).</summary>
    public const double TitleSimilarity = 0.8;

    /// <summary>Share of summary words in common, when both reports have a summary.</summary>
    public const double SummarySimilarity = 0.5;

    public static IReadOnlyList<IReadOnlyList<DigestEntry>> Group(IReadOnlyList<DigestEntry> entries)
    {
        var features = entries.Select(e => new Features(
            NormalizeLink(e.Link),
            Tokens(FeedText.Clean(e.Title)),
            Tokens(FeedText.Clean(e.Summary)))).ToArray();

        var parent = Enumerable.Range(0, entries.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);

        for (var i = 0; i < entries.Count; i++)
        {
            for (var j = i + 1; j < entries.Count; j++)
            {
                if (Find(i) != Find(j) && SameStory(features[i], features[j]))
                    parent[Find(j)] = Find(i);
            }
        }

        return [.. Enumerable.Range(0, entries.Count)
            .GroupBy(Find)
            .Select(g => (IReadOnlyList<DigestEntry>)[.. g.Select(i => entries[i])
                .OrderBy(e => e.Published ?? e.FoundAt)
                .ThenBy(e => e.HitId)])];
    }

    private static bool SameStory(Features a, Features b)
    {
        if (a.Link is not null && a.Link == b.Link)
            return true;
        if (a.Title.Count == 0 || Jaccard(a.Title, b.Title) < TitleSimilarity)
            return false;
        return a.Summary.Count == 0 || b.Summary.Count == 0 || Jaccard(a.Summary, b.Summary) >= SummarySimilarity;
    }

    internal static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
            return 1;
        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>Lower-cased words without accents, so "Coopération" and "cooperation" agree.</summary>
    internal static HashSet<string> Tokens(string text)
    {
        var folded = TermHighlighter.Fold(text).Folded;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var letter = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (letter && start < 0)
                start = i;
            else if (!letter && start >= 0)
            {
                if (i - start >= 2)
                    tokens.Add(folded[start..i]);
                start = -1;
            }
        }
        return tokens;
    }

    /// <summary>
    /// The poller's link identity (<see cref="ItemIdentity.NormalizeLink"/>: no fragment, no tracking
    /// parameters), then http/https, "www." and a trailing slash folded, since outlets republish the
    /// same article under those variants; null when the link is not an absolute web address.
    /// </summary>
    internal static string? NormalizeLink(string? link)
    {
        if (ItemIdentity.NormalizeLink(FeedText.Clean(link)) is not { } normalized)
            return null;
        var uri = new Uri(normalized);
        var authority = uri.Authority.ToLowerInvariant();
        if (authority.StartsWith("www.", StringComparison.Ordinal))
            authority = authority[4..];
        return authority + uri.AbsolutePath.TrimEnd('/') + uri.Query;
    }

    private sealed record Features(string? Link, HashSet<string> Title, HashSet<string> Summary);
}
