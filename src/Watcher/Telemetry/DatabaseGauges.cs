using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Digest;

namespace Watcher.Telemetry;

/// <summary>
/// Gauges read from the database: feeds by status, broken feeds, pending hits per list, and how long
/// ago the last poll and each list's last digest succeeded. One snapshot serves every gauge and is kept
/// <see cref="MaxAge"/>, so that scrapes, however frequent, cost PostgreSQL at most one round of queries
/// per period. A failed read leaves those series out (and watcher_database_up at 0) rather than
/// repeating stale numbers.
/// </summary>
public sealed class DatabaseGauges
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>A feed failing this long, or switched off, counts as broken (a single failed fetch does not).</summary>
    public static readonly TimeSpan BrokenAfter = TimeSpan.FromHours(1);

    public static readonly string[] FeedStatuses = ["new", "ok", "failing", "disabled"];

    private readonly IDbContextFactory<WatcherDbContext> _dbFactory;
    private readonly DigestDispatcher _digests;
    private readonly IOptions<DigestOptions> _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Snapshot? _snapshot;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private bool _databaseUp;

    public DatabaseGauges(WatcherMetrics metrics, IDbContextFactory<WatcherDbContext> dbFactory, DigestDispatcher digests,
        IOptions<DigestOptions> options, TimeProvider clock)
    {
        _dbFactory = dbFactory;
        _digests = digests;
        _options = options;
        _clock = clock;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("watcher.feeds", () => Observe<long>(s => s.FeedsByStatus.Select(f => Tagged(f.Value, "status", f.Key))),
            null, "Feeds by status: new, ok, failing, disabled");
        meter.CreateObservableGauge("watcher.feeds.broken", () => Observe<long>(s => [new Measurement<long>(s.Broken)]),
            null, "Feeds switched off, or failing for an hour or more");
        meter.CreateObservableGauge("watcher.pending_hits", () => Observe<long>(s => s.PendingByList.Select(p => Tagged(p.Value, "list", p.Key))),
            null, "Hits waiting for the list's next digest");
        meter.CreateObservableGauge("watcher.last_poll_success.age", () => Observe<double>(s => s.LastPollSuccess is { } at ? [new Measurement<double>(Age(at))] : []),
            "s", "Time since a feed was last fetched successfully");
        meter.CreateObservableGauge("watcher.last_digest_success.age",
            () => Observe<double>(s => s.LastDigestByList.Select(d => new Measurement<double>(Age(d.Value), new KeyValuePair<string, object?>("list", d.Key)))),
            "s", "Time since the list's last digest (or empty-day mail) went out");
        meter.CreateObservableGauge("watcher.digests.unconfirmed",
            () => Observe<long>(s => s.UnconfirmedByList.Select(u => Tagged(u.Value, "list", u.Key))),
            null, "Digests that may not have arrived (cut off after the data went to the server) and that no admin has checked yet");
        meter.CreateObservableGauge<int>("watcher.database.up", () => [new Measurement<int>(Volatile.Read(ref _databaseUp) ? 1 : 0)],
            null, "1 when the database answered the last read of these gauges");
    }

    /// <summary>Reads the database again unless the snapshot is younger than <see cref="MaxAge"/>; never throws.</summary>
    public async Task RefreshIfStaleAsync(CancellationToken ct)
    {
        if (IsFresh())
            return;
        await _refreshing.WaitAsync(ct);
        try
        {
            // Another scrape may have read it while this one waited.
            if (IsFresh())
                return;
            Snapshot? snapshot;
            try
            {
                snapshot = await ReadAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                snapshot = null;
            }
            Volatile.Write(ref _snapshot, snapshot);
            Volatile.Write(ref _databaseUp, snapshot is not null);
            _readAt = _clock.GetUtcNow();
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private bool IsFresh() => _clock.GetUtcNow() - _readAt < MaxAge;

    /// <summary>
    /// /metrics refreshes before the exporter reads (<see cref="RefreshIfStaleAsync"/>); a reader that did not
    /// (the OTLP exporter's timer) gets the last snapshot and starts a refresh for its next export.
    /// </summary>
    private IEnumerable<Measurement<T>> Observe<T>(Func<Snapshot, IEnumerable<Measurement<T>>> measure) where T : struct
    {
        if (!IsFresh())
            _ = RefreshIfStaleAsync(CancellationToken.None);
        return Volatile.Read(ref _snapshot) is { } snapshot ? measure(snapshot) : [];
    }

    private double Age(DateTimeOffset at) => Math.Max(0, (_clock.GetUtcNow() - at).TotalSeconds);

    private static Measurement<long> Tagged(long value, string key, string tag) => new(value, new KeyValuePair<string, object?>(key, tag));

    private async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var brokenSince = now - BrokenAfter;
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        // The statuses of `watcher feeds list`.
        var feeds = await db.Feeds
            .GroupBy(f => !f.Enabled ? "disabled" : f.ConsecutiveFailures > 0 ? "failing" : f.LastSuccessAt == null ? "new" : "ok")
            .Select(g => new { Status = g.Key, Count = g.Count(), Broken = g.Count(f => !f.Enabled || f.FailingSince <= brokenSince) })
            .ToListAsync(ct);
        var lastPoll = await db.Feeds.MaxAsync(f => f.LastSuccessAt, ct);

        var pending = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var list in _digests.Lists)
            pending[list.Name] = await (await DigestQueries.PendingForDigestAsync(db, list, now, _options.Value.Lookback, ct)).LongCountAsync(ct);
        var names = _digests.Lists.Select(l => l.Name).ToList();
        var lastDigests = await db.Digests
            .Where(d => d.Status == DigestStatuses.Sent && d.Kind != DigestKinds.Alert && d.ResendOf == null && d.SentAt != null && names.Contains(d.ListName))
            .GroupBy(d => d.ListName)
            .Select(g => new { List = g.Key, At = g.Max(d => d.SentAt)!.Value })
            .ToListAsync(ct);

        var unconfirmed = (await DigestQueries.AmbiguousRunsAsync(db, ct))
            .GroupBy(u => u.ListName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        foreach (var name in names)
            unconfirmed.TryAdd(name, 0);

        var byStatus = FeedStatuses.ToDictionary(s => s, s => (long)(feeds.FirstOrDefault(f => f.Status == s)?.Count ?? 0), StringComparer.Ordinal);
        return new Snapshot(byStatus, feeds.Sum(f => f.Broken), pending, lastPoll,
            lastDigests.ToDictionary(d => d.List, d => d.At, StringComparer.Ordinal), unconfirmed);
    }

    private sealed record Snapshot(
        IReadOnlyDictionary<string, long> FeedsByStatus,
        long Broken,
        IReadOnlyDictionary<string, long> PendingByList,
        DateTimeOffset? LastPollSuccess,
        IReadOnlyDictionary<string, DateTimeOffset> LastDigestByList,
        IReadOnlyDictionary<string, long> UnconfirmedByList);
}
