using Microsoft.EntityFrameworkCore;
using Watcher.Data;

namespace Watcher.Http.Admin;

/// <summary>A hit as the Hits page lists it, with its feed and the labels editors gave it.</summary>
public sealed record HitRow(Hit Hit, string FeedName, string? FeedLabel, IReadOnlyList<Feedback> Labels);

/// <summary>The database reads only the admin pages make: searching hits, a digest's content, what feedback says of hits.</summary>
public sealed class AdminQueries(IDbContextFactory<WatcherDbContext> dbFactory)
{
    public const int MaxQueryChars = 200;

    /// <summary>
    /// Hits newest first, older than <paramref name="beforeId"/> when given; with <paramref name="query"/>,
    /// only those whose title or summary contains it (case-insensitive; % and _ are plain characters).
    /// </summary>
    public async Task<IReadOnlyList<HitRow>> SearchHitsAsync(string? query, long? beforeId, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hits = db.Hits.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = "%" + EscapeLike(query.Trim()[..Math.Min(query.Trim().Length, MaxQueryChars)]) + "%";
            hits = hits.Where(h => EF.Functions.ILike(h.Title, pattern, "\\") || (h.Summary != null && EF.Functions.ILike(h.Summary, pattern, "\\")));
        }
        if (beforeId is { } before)
            hits = hits.Where(h => h.Id < before);
        var rows = await hits.OrderByDescending(h => h.Id).Take(limit)
            .Select(h => new { Hit = h, FeedName = h.Feed!.Name ?? h.Feed.Url, h.Feed.Label })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Hit.Id).ToList();
        var links = rows.Select(r => r.Hit.Link).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        // A label names the hit, or (from a digest link or the CLI) the article's normalised URL.
        var labels = await db.Feedback.AsNoTracking()
            .Where(f => (f.HitId != null && ids.Contains(f.HitId.Value)) || (f.Url != null && links.Contains(f.Url)))
            .OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id)
            .ToListAsync(ct);
        return [.. rows.Select(r => new HitRow(r.Hit, r.FeedName, r.Label,
            [.. labels.Where(f => f.HitId == r.Hit.Id || (f.Url is not null && f.Url == r.Hit.Link))]))];
    }

    public async Task<DigestRun?> FindDigestAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
    }

    /// <summary>The hits found since <paramref name="since"/> and every labelled hit, with the editors' verdict on it, for the Quality page.</summary>
    public async Task<QualityReport> QualityAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await db.Feedback.AsNoTracking()
            .Select(f => new QualityLabel(f.Id, f.HitId, f.Url, f.SubjectKey, f.Label == FeedbackLabels.Relevant, f.UpdatedAt))
            .ToListAsync(ct);
        var labelledIds = labels.Select(l => l.HitId).OfType<long>().Distinct().ToList();
        var labelledLinks = labels.Select(l => l.Url).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var hits = await db.Hits.AsNoTracking()
            .Where(h => h.FoundAt >= since || labelledIds.Contains(h.Id) || (h.Link != null && labelledLinks.Contains(h.Link)))
            .Select(h => new QualityHit(h.Id, h.FeedId, h.Feed!.Name ?? h.Feed.Url, h.Link, h.FoundAt, h.MatchedTerms))
            .ToListAsync(ct);
        return QualityReport.Build(hits, labels, since);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
