namespace Watcher.Relevance;

/// <summary>
/// The few matches that carried a decision, for the digest to highlight: a hit can match a dozen terms
/// ("talks", "ties", "support"…), and marking them all buries the names that decided.
/// </summary>
public static class DecisiveTerms
{
    /// <summary>Never more than this many per item.</summary>
    public const int Max = 4;

    private const int MaxPerSide = 2;
    private const int MaxTopic = 2;

    /// <summary>
    /// For each side (Mali, Russia) its strongest counted matches until they reach the evidence a side
    /// needs (one strong name is usually enough, at most two), then the strongest topic words (at most two)
    /// while fewer than <see cref="Max"/> are taken. Each as the item wrote it (<see cref="TermMatch.Form"/>,
    /// else the term), strongest first. Other subjects, other actors and asides never carried a hit.
    /// </summary>
    public static IReadOnlyList<string> Of(Verdict verdict, double minSideScore)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var counted = verdict.Matches.Where(m => m.Counted && m.Contribution > 0)
            .OrderByDescending(m => m.Contribution).ThenBy(m => m.Term, StringComparer.Ordinal)
            .ToList();
        var picked = new List<TermMatch>();
        foreach (var side in new[] { Facets.Mali, Facets.Russia })
        {
            var evidence = 0.0;
            foreach (var match in counted.Where(m => m.Facet == side).Take(MaxPerSide))
            {
                picked.Add(match);
                evidence += match.Contribution;
                if (evidence >= minSideScore)
                    break;
            }
        }
        picked.AddRange(counted.Where(m => m.Facet == Facets.Topic).Take(Math.Min(MaxTopic, Math.Max(0, Max - picked.Count))));
        return [.. picked.OrderByDescending(m => m.Contribution)
            .Select(m => string.IsNullOrWhiteSpace(m.Form) ? m.Term : m.Form.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(Max)];
    }
}
