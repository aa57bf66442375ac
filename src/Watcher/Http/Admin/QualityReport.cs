using System.Globalization;

namespace Watcher.Http.Admin;

public sealed record QualityHit(long Id, long FeedId, string FeedName, string? Link, DateTimeOffset FoundAt, IReadOnlyList<string> MatchedTerms);

public sealed record QualityLabel(long Id, long? HitId, string? Url, string SubjectKey, bool Relevant, DateTimeOffset UpdatedAt);

/// <summary>Hits the editors judged, in one group (a week, a feed, a keyword): precision is the share judged relevant.</summary>
public sealed record QualityRow(string Key, int Hits, int Relevant, int Irrelevant)
{
    public int Labelled => Relevant + Irrelevant;

    /// <summary>Null when no hit of the group was labelled.</summary>
    public double? Precision => Labelled == 0 ? null : Relevant / (double)Labelled;
}

/// <summary>
/// What the editors' labels say of the hits: precision per ISO week (of the hit's finding), per feed and
/// per keyword, over every labelled hit; and how many hits each keyword brought since a date.
/// </summary>
public sealed record QualityReport(
    DateTimeOffset Since,
    int LabelledHits,
    QualityRow Overall,
    IReadOnlyList<QualityRow> ByWeek,
    IReadOnlyList<QualityRow> ByFeed,
    IReadOnlyList<QualityRow> ByKeyword,
    IReadOnlyList<QualityRow> HitsPerKeyword)
{
    /// <summary>
    /// A hit's verdict is the majority of its labels (the latest on a tie), as for evaluation. A label
    /// counts for a hit it names, or for the hit with its URL.
    /// </summary>
    public static QualityReport Build(IReadOnlyList<QualityHit> hits, IReadOnlyList<QualityLabel> labels, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(labels);
        var byLink = hits.Where(h => h.Link is not null).GroupBy(h => h.Link!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Id).ToList(), StringComparer.Ordinal);
        var labelsOfHit = new Dictionary<long, List<QualityLabel>>();
        foreach (var label in labels)
        {
            var targets = new HashSet<long>();
            if (label.HitId is { } id)
                targets.Add(id);
            if (label.Url is not null && byLink.TryGetValue(label.Url, out var linked))
                targets.UnionWith(linked);
            foreach (var target in targets)
            {
                if (!labelsOfHit.TryGetValue(target, out var list))
                    labelsOfHit[target] = list = [];
                list.Add(label);
            }
        }

        var judged = hits.Where(h => labelsOfHit.ContainsKey(h.Id))
            .Select(h => (Hit: h, Relevant: Verdict(labelsOfHit[h.Id])))
            .ToList();
        var overall = Row("all", judged.Count, judged);
        var byWeek = judged.GroupBy(j => Week(j.Hit.FoundAt), StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Count(), g))
            .OrderByDescending(r => r.Key, StringComparer.Ordinal).ToList();
        var byFeed = judged.GroupBy(j => j.Hit.FeedName, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Count(), g))
            .OrderBy(r => r.Precision).ThenByDescending(r => r.Labelled).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var byKeyword = judged.SelectMany(j => j.Hit.MatchedTerms.Distinct(StringComparer.Ordinal).Select(term => (Term: term, j.Hit, j.Relevant)))
            .GroupBy(t => t.Term, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Count(), g.Select(t => (t.Hit, t.Relevant))))
            .OrderBy(r => r.Precision).ThenByDescending(r => r.Labelled).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

        var recent = hits.Where(h => h.FoundAt >= since).ToList();
        var hitsPerKeyword = recent.SelectMany(h => h.MatchedTerms.Distinct(StringComparer.Ordinal).Select(term => (Term: term, Hit: h)))
            .GroupBy(t => t.Term, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Count(), g.Where(t => labelsOfHit.ContainsKey(t.Hit.Id)).Select(t => (t.Hit, Verdict(labelsOfHit[t.Hit.Id])))))
            .OrderByDescending(r => r.Hits).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new QualityReport(since, judged.Count, overall, byWeek, byFeed, byKeyword, hitsPerKeyword);
    }

    /// <summary>ISO 8601 week of the UTC date, as 2026-W48.</summary>
    public static string Week(DateTimeOffset at)
    {
        var date = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    private static bool Verdict(List<QualityLabel> labels)
    {
        var relevant = labels.Count(l => l.Relevant);
        var irrelevant = labels.Count - relevant;
        return relevant != irrelevant
            ? relevant > irrelevant
            : labels.OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id).First().Relevant;
    }

    private static QualityRow Row(string key, int hits, IEnumerable<(QualityHit Hit, bool Relevant)> judged)
    {
        var list = judged.ToList();
        var relevant = list.Count(j => j.Relevant);
        return new QualityRow(key, hits, relevant, list.Count - relevant);
    }
}
