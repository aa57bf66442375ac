using Microsoft.EntityFrameworkCore;
using Watcher.Data;

namespace Watcher.Digest;

/// <summary>The database questions the dispatcher asks: what is pending, how the feeds are, how delivery went.</summary>
internal static class DigestQueries
{
    /// <summary>
    /// Hits this list has not had yet. A list never sent to starts <paramref name="lookback"/> before its
    /// first attempt (so a new list does not get the archive, and an outage on day one loses nothing).
    /// </summary>
    public static async Task<IQueryable<Hit>> PendingForDigestAsync(WatcherDbContext db, DigestList list, DateTimeOffset now, TimeSpan lookback, CancellationToken ct)
    {
        var name = list.Name;
        var hits = db.Hits.Where(h => !db.DigestHits.Any(c => c.HitId == h.Id && c.ListName == name));
        var runs = db.Digests.Where(d => d.ListName == name && d.Kind != DigestKinds.Alert);
        if (await runs.AnyAsync(d => d.Status == DigestStatuses.Sent, ct))
            return hits;
        var firstAttempt = await runs.MinAsync(d => (DateTimeOffset?)d.CreatedAt, ct) ?? now;
        var from = firstAttempt - lookback;
        return hits.Where(h => h.FoundAt >= from);
    }

    /// <summary>Recent hits at or above the list's alert score that neither an alert nor a digest of this list carried.</summary>
    public static IQueryable<Hit> PendingForAlert(WatcherDbContext db, DigestList list, double score, DateTimeOffset since)
    {
        var name = list.Name;
        var alertName = list.AlertClaimName;
        return db.Hits.Where(h => h.Score >= score && h.FoundAt >= since
            && !db.DigestHits.Any(c => c.HitId == h.Id && (c.ListName == name || c.ListName == alertName)));
    }

    public static async Task<IReadOnlyList<DigestEntry>> EntriesAsync(IQueryable<Hit> hits, CancellationToken ct) =>
        await hits.OrderByDescending(h => h.Score).ThenBy(h => h.Id)
            .Select(h => new DigestEntry(h.Id, h.Title, h.Link, h.Summary, h.Feed!.Name ?? h.Feed.Url,
                h.PublishedAt, h.FoundAt, h.Score, h.MatchedTerms, h.Feed.Label) { DecisiveTerms = h.DecisiveTerms })
            .ToListAsync(ct);

    /// <summary>How far back a feed's usual gap between new items is measured.</summary>
    public static readonly TimeSpan RhythmWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Failing feeds, feeds switched off by the server (HTTP 410), and enabled feeds with no new item for
    /// longer than both <paramref name="silentAfter"/> and four times their usual gap between new items
    /// over the last <see cref="RhythmWindow"/>.
    /// </summary>
    public static async Task<FeedHealthReport> HealthAsync(WatcherDbContext db, DateTimeOffset now, TimeSpan silentAfter, CancellationToken ct)
    {
        var feeds = await db.Feeds.Where(f => f.Enabled || f.DisabledReason != null)
            .Select(f => new { f.Id, f.Enabled, Name = f.Name ?? f.Url, f.FailingSince, f.LastError, f.LastNewItemAt, f.DisabledReason, f.LastPolledAt, f.CreatedAt })
            .ToListAsync(ct);
        // Only the window: the seen-items table grows for ever and this runs with every digest.
        var from = now - RhythmWindow;
        var rhythm = await db.SeenItems.Where(s => s.FirstSeenAt >= from).GroupBy(s => s.FeedId)
            .Select(g => new { FeedId = g.Key, First = g.Min(s => s.FirstSeenAt), Last = g.Max(s => s.FirstSeenAt), Count = g.Count() })
            .ToDictionaryAsync(r => r.FeedId, ct);

        var disabled = feeds.Where(f => !f.Enabled)
            .Select(f => new FeedProblem(f.Name, f.FailingSince ?? f.LastPolledAt ?? f.CreatedAt, f.DisabledReason))
            .OrderBy(f => f.Since)
            .ToList();
        var enabled = feeds.Where(f => f.Enabled).ToList();
        var failing = enabled.Where(f => f.FailingSince is not null)
            .OrderBy(f => f.FailingSince)
            .Select(f => new FeedProblem(f.Name, f.FailingSince!.Value, f.LastError))
            .ToList();
        var silent = new List<FeedProblem>();
        foreach (var feed in enabled.Where(f => f.FailingSince is null))
        {
            rhythm.TryGetValue(feed.Id, out var seen);
            var last = feed.LastNewItemAt ?? seen?.Last;
            if (last is null)
                continue;
            var usualGap = seen is { Count: >= 2 } ? (seen.Last - seen.First) / (seen.Count - 1) : TimeSpan.Zero;
            var threshold = usualGap * 4 > silentAfter ? usualGap * 4 : silentAfter;
            if (now - last.Value > threshold)
                silent.Add(new FeedProblem(feed.Name, last.Value, null));
        }
        return new FeedHealthReport(failing, [.. silent.OrderBy(s => s.Since)]) { Disabled = disabled };
    }

    /// <summary>Runs that may not have arrived and that no admin has checked (resent or dismissed) yet, oldest first.</summary>
    public static async Task<IReadOnlyList<UnconfirmedDigest>> AmbiguousRunsAsync(WatcherDbContext db, CancellationToken ct) =>
        await db.Digests.AsNoTracking()
            .Where(d => d.Status == DigestStatuses.Ambiguous && d.CheckedAt == null)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Select(d => new UnconfirmedDigest(d.Id, d.ListName, d.Kind, d.HitCount, d.MessageId, d.CreatedAt))
            .ToListAsync(ct);

    /// <summary>Marks the streak's failed runs <see cref="DigestStatuses.Superseded"/>; returns how many.</summary>
    public static Task<int> EndStreakAsync(WatcherDbContext db, string listName, bool alerts, FailureStreak streak, CancellationToken ct) =>
        RunsOf(db, listName, alerts)
            .Where(d => d.Status == DigestStatuses.Failed && d.CreatedAt >= streak.FirstAt && d.CreatedAt <= streak.LastAt)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DigestStatuses.Superseded), ct);

    private static IQueryable<DigestRun> RunsOf(WatcherDbContext db, string listName, bool alerts)
    {
        var runs = db.Digests.Where(d => d.ListName == listName && d.ResendOf == null);
        return alerts ? runs.Where(d => d.Kind == DigestKinds.Alert) : runs.Where(d => d.Kind != DigestKinds.Alert);
    }

    /// <summary>The failed runs since the last one that went out (resends left aside), newest first.</summary>
    public static async Task<FailureStreak> StreakAsync(WatcherDbContext db, string listName, bool alerts, CancellationToken ct)
    {
        var recent = await RunsOf(db, listName, alerts)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Select(d => new { d.Status, d.CreatedAt, d.Error })
            .Take(500)
            .ToListAsync(ct);
        var failed = recent.TakeWhile(d => d.Status == DigestStatuses.Failed).ToList();
        return failed.Count == 0
            ? FailureStreak.None
            : new FailureStreak(failed.Count, failed[^1].CreatedAt, failed[0].CreatedAt, failed[0].Error);
    }
}

/// <summary>Consecutive failed sends of one list.</summary>
internal sealed record FailureStreak(int Count, DateTimeOffset FirstAt, DateTimeOffset LastAt, string? LastError)
{
    public static readonly FailureStreak None = new(0, default, default, null);

    /// <summary>The next try waits the n-th delay after the n-th failure; the last delay repeats.</summary>
    public DateTimeOffset NextTry(IReadOnlyList<TimeSpan> delays) =>
        Count == 0 ? DateTimeOffset.MinValue : LastAt + delays[Math.Min(Count, delays.Count) - 1];
}
