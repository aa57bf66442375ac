using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Telemetry;
using Watcher.Tests.Digest;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>The gauges read from PostgreSQL, on a clock the test moves: what they count, and that they are read at most every few seconds.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseGaugesTests(PostgresServer postgres)
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task FeedsByStatusBrokenFeedsPendingHitsAndAgesComeFromTheDatabase()
    {
        using var host = await MigratedHostAsync();
        var now = _clock.GetUtcNow();
        await using (var db = await Db(host))
        {
            var ok = Feed("ok", f => { f.LastSuccessAt = now.AddMinutes(-30); });
            db.Feeds.AddRange(
                ok,
                Feed("new", _ => { }),
                Feed("failing-briefly", f => { f.LastSuccessAt = now.AddHours(-1); f.ConsecutiveFailures = 1; f.FailingSince = now.AddMinutes(-10); }),
                Feed("failing-long", f => { f.LastSuccessAt = now.AddDays(-1); f.ConsecutiveFailures = 6; f.FailingSince = now.AddHours(-2); }),
                Feed("gone", f => { f.Enabled = false; f.DisabledReason = "HTTP 410 Gone"; }));
            await db.SaveChangesAsync();
            db.Hits.AddRange(Hit(ok, now.AddMinutes(-20)), Hit(ok, now.AddMinutes(-5)));
            db.Digests.AddRange(
                Run(DigestKinds.Digest, now.AddHours(-2)),
                // Neither an alert nor a resend is the list's digest.
                Run(DigestKinds.Alert, now.AddMinutes(-1)),
                Run(DigestKinds.Digest, now.AddMinutes(-1), resendOf: 1));
            await db.SaveChangesAsync();
        }
        var gauges = Gauges(host);

        await gauges.RefreshIfStaleAsync(default);
        var values = Observe(host);

        Assert.Equal(1, values[("watcher.feeds", "status=ok")]);
        Assert.Equal(1, values[("watcher.feeds", "status=new")]);
        Assert.Equal(2, values[("watcher.feeds", "status=failing")]);
        Assert.Equal(1, values[("watcher.feeds", "status=disabled")]);
        // Switched off, or failing for an hour or more; not the feed that failed ten minutes ago.
        Assert.Equal(2, values[("watcher.feeds.broken", "")]);
        Assert.Equal(2, values[("watcher.pending_hits", "list=desk")]);
        Assert.Equal(30 * 60, values[("watcher.last_poll_success.age", "")]);
        Assert.Equal(2 * 60 * 60, values[("watcher.last_digest_success.age", "list=desk")]);
        Assert.Equal(1, values[("watcher.database.up", "")]);

        // Ages are measured when read, from the snapshot's times.
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(30 * 60 + 3, Observe(host)[("watcher.last_poll_success.age", "")]);
    }

    [Fact]
    public async Task ScrapesWithinFiveSecondsShareOneReadOfTheDatabase()
    {
        using var host = await MigratedHostAsync();
        await using (var db = await Db(host))
        {
            db.Feeds.Add(Feed("first", _ => { }));
            await db.SaveChangesAsync();
        }
        var gauges = Gauges(host);
        await gauges.RefreshIfStaleAsync(default);
        Assert.Equal(1, Observe(host)[("watcher.feeds", "status=new")]);

        await using (var db = await Db(host))
        {
            db.Feeds.Add(Feed("second", _ => { }));
            await db.SaveChangesAsync();
        }
        _clock.Advance(DatabaseGauges.MaxAge - TimeSpan.FromSeconds(1));
        await gauges.RefreshIfStaleAsync(default);
        Assert.Equal(1, Observe(host)[("watcher.feeds", "status=new")]);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await gauges.RefreshIfStaleAsync(default);
        Assert.Equal(2, Observe(host)[("watcher.feeds", "status=new")]);
    }

    private async Task<WatcherTestHost> MigratedHostAsync()
    {
        var host = new WatcherTestHost(await postgres.CreateDatabaseAsync());
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        return host;
    }

    private DatabaseGauges Gauges(WatcherTestHost host) => new(
        host.Get<WatcherMetrics>(), host.Get<IDbContextFactory<WatcherDbContext>>(), host.Get<DigestDispatcher>(), host.Get<IOptions<DigestOptions>>(), _clock);

    private static Task<WatcherDbContext> Db(WatcherTestHost host) => host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();

    /// <summary>One collection of the meter's observable instruments: (instrument, "tag=value") → value.</summary>
    private static Dictionary<(string, string), double> Observe(WatcherTestHost host)
    {
        var meter = host.Get<WatcherMetrics>().Meter;
        var values = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
                l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            values[(instrument.Name, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))] = value;
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private Feed Feed(string name, Action<Feed> shape)
    {
        var feed = new Feed { Url = $"http://127.0.0.1/{name}.xml", Name = name, CreatedAt = _clock.GetUtcNow().AddDays(-7) };
        shape(feed);
        return feed;
    }

    private static Hit Hit(Feed feed, DateTimeOffset foundAt) => new() { Feed = feed, Title = "Moscou et Bamako", FoundAt = foundAt, Score = 9 };

    private static DigestRun Run(string kind, DateTimeOffset sentAt, long? resendOf = null) => new()
    {
        Kind = kind,
        CreatedAt = sentAt.AddSeconds(-2),
        SentAt = sentAt,
        Status = DigestStatuses.Sent,
        MessageId = $"<{Guid.NewGuid():N}@test>",
        ResendOf = resendOf,
    };
}
