using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Tests.Digest;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Feeds.Polling;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Storage;

/// <summary>
/// Retention:Items and Retention:Hits on real polls and a real database, months passing on the test's
/// clock. The pruner deletes one row per statement here, so every batch loop goes round.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RetentionTests(PostgresServer postgres)
{
    private const string RssType = "application/rss+xml; charset=utf-8";
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none";

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<RetentionPruner> _log = new();

    [Fact]
    public async Task Items_no_longer_carried_are_forgotten_and_those_still_carried_never_come_back_as_new()
    {
        // Full fetches only when the document changes: an unchanged feed answers 304 for months.
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?> { ["Polling:FullFetchEvery"] = "365.00:00:00" }, _clock);
        h.Server.Serve("/live.xml", TestFeeds.Rss(Item("a"), Item("b"), Item("c")), RssType);
        h.Server.Serve("/down.xml", TestFeeds.Rss(Item("x"), Item("y")), RssType);
        var live = await h.AddAsync("/live.xml");
        var down = await h.AddAsync("/down.xml");
        await h.Poller.PollAsync(force: true, default);

        // Day 10: "a" leaves the live feed, "d" arrives; the other feed stops answering for good.
        _clock.Advance(TimeSpan.FromDays(10));
        h.Server.Serve("/live.xml", TestFeeds.Rss(Item("b"), Item("c"), Item("d")), RssType);
        h.Server.Respond("/down.xml", context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        Assert.Equal(1, (await h.Poller.PollAsync(force: true, default)).NewItems);
        // Day 95: the same document, answered 304; nothing about its items is rewritten.
        _clock.Advance(TimeSpan.FromDays(85));
        Assert.Equal(1, (await h.Poller.PollAsync(force: true, default)).NotModified);

        // Day 101: "a" has not been carried for more than 90 days; "b", "c", "d" are in the feed's latest
        // document, and "x", "y" in the last one the failing feed served.
        _clock.Advance(TimeSpan.FromDays(6));
        var pruned = await Pruner(h.Host).PruneAsync(default);

        Assert.Equal(new RetentionResult(1, 0, 0), pruned);
        Assert.Equal(["b", "c", "d"], (await h.SeenAsync(live.Id)).Select(s => Key(s.Title)));
        Assert.Equal(["x", "y"], (await h.SeenAsync(down.Id)).Select(s => Key(s.Title)));
        Assert.Contains(_log.Records, r => r.EventId == 500 && r.Message.StartsWith("Retention: 1 seen item(s)", StringComparison.Ordinal));
        h.Server.Serve("/live.xml", TestFeeds.Rss(Item("b"), Item("c"), Item("d"), Item("e")), RssType);
        Assert.Equal(1, (await h.Poller.PollAsync(force: true, default)).NewItems);
    }

    [Fact]
    public async Task A_full_fetch_marks_every_item_it_carries_once_a_day_at_most()
    {
        await using var h = await PollerHarness.StartAsync(postgres, clock: _clock);
        h.Server.Serve("/f.xml", TestFeeds.Rss(Item("a"), Item("b")), RssType);
        var feed = await h.AddAsync("/f.xml");
        await h.Poller.PollAsync(force: true, default);
        var first = _clock.GetUtcNow();

        _clock.Advance(TimeSpan.FromHours(6));
        h.Server.Serve("/f.xml", TestFeeds.Rss(Item("a"), Item("b"), Item("c")), RssType);
        await h.Poller.PollAsync(force: true, default);
        var sixHours = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(20));
        h.Server.Serve("/f.xml", TestFeeds.Rss(Item("b"), Item("c"), Item("d")), RssType);
        await h.Poller.PollAsync(force: true, default);

        var seen = (await h.SeenAsync(feed.Id)).ToDictionary(s => Key(s.Title), s => s.LastSeenAt);
        // Six hours in, "a" and "b" kept their first mark (less than a day old); a day later "b" is marked
        // again, "c" (six hours old) is left, "a" is no longer carried.
        Assert.Equal(first, seen["a"]);
        Assert.Equal(_clock.GetUtcNow(), seen["b"]);
        Assert.Equal(sixHours, seen["c"]);
        Assert.Equal(_clock.GetUtcNow(), seen["d"]);
    }

    [Fact]
    public async Task Old_hits_go_with_their_claims_and_digest_history_follows_them()
    {
        using var host = new WatcherTestHost(await postgres.CreateDatabaseAsync(), clock: _clock);
        await host.Get<DatabaseMigrator>().MigrateAsync(default);
        var t0 = _clock.GetUtcNow();
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        var feed = new Feed { Url = "https://journaldumali.example/rss", CreatedAt = t0 };
        db.Feeds.Add(feed);
        await db.SaveChangesAsync();
        var old1 = AddHit(db, feed, "Ancien 1", t0);
        var old2 = AddHit(db, feed, "Ancien 2", t0);
        var recent = AddHit(db, feed, "Récent", t0.AddDays(300));
        await db.SaveChangesAsync();
        var oldDigest = AddRun(db, "desk", t0.AddHours(1), DigestStatuses.Sent);
        var oldFailed = AddRun(db, "desk", t0.AddHours(2), DigestStatuses.Failed);
        var oldResend = AddRun(db, "desk", t0.AddHours(3), DigestStatuses.Sent);
        var stuck = AddRun(db, "desk", t0.AddHours(4), DigestStatuses.Sending);
        // A list started later received the old hit that was still pending for it, with a new one.
        var mixed = AddRun(db, "paris", t0.AddDays(300).AddHours(1), DigestStatuses.Sent);
        var recentDigest = AddRun(db, "desk", t0.AddDays(300).AddHours(1), DigestStatuses.Sent);
        await db.SaveChangesAsync();
        oldResend.ResendOf = oldDigest.Id;
        db.DigestHits.AddRange(
            new DigestHit { DigestId = oldDigest.Id, HitId = old1.Id, ListName = "desk" },
            new DigestHit { DigestId = oldDigest.Id, HitId = old2.Id, ListName = "desk" },
            new DigestHit { DigestId = mixed.Id, HitId = old2.Id, ListName = "paris" },
            new DigestHit { DigestId = mixed.Id, HitId = recent.Id, ListName = "paris" },
            new DigestHit { DigestId = recentDigest.Id, HitId = recent.Id, ListName = "desk" });
        await db.SaveChangesAsync();

        _clock.Advance(TimeSpan.FromDays(400).Add(TimeSpan.FromHours(12)));
        var pruned = await Pruner(host).PruneAsync(default);

        Assert.Equal(new RetentionResult(0, 2, 3), pruned);
        Assert.Equal([recent.Id], await db.Hits.Select(h => h.Id).ToListAsync());
        // The old digest, the failed attempt and the resend went; a run still sending is never touched.
        Assert.Equal(new[] { stuck.Id, mixed.Id, recentDigest.Id }.Order(), (await db.Digests.Select(d => d.Id).ToListAsync()).Order());
        Assert.Equal([(mixed.Id, recent.Id), (recentDigest.Id, recent.Id)],
            (await db.DigestHits.OrderBy(c => c.DigestId).Select(c => new { c.DigestId, c.HitId }).ToListAsync()).Select(c => (c.DigestId, c.HitId)));
    }

    [Theory]
    [InlineData("Retention:Items", "1.00:00:00")]
    [InlineData("Retention:Hits", "29.00:00:00")]
    [InlineData("Retention:Hits", "40000.00:00:00")]
    public void Retention_below_a_month_or_beyond_a_century_is_refused_naming_the_key(string key, string value)
    {
        // Checked at start, as every setting is: the host does not come up.
        var error = Assert.Throws<OptionsValidationException>(() => new WatcherTestHost(NoDatabase, new Dictionary<string, string?> { [key] = value }).Dispose());

        Assert.Contains(error.Failures, f => f.StartsWith($"{key} must be between 30.00:00:00 and 36500.00:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Retention_defaults_are_90_days_of_items_and_400_days_of_hits()
    {
        using var host = new WatcherTestHost(NoDatabase);

        var retention = host.Get<IOptions<RetentionOptions>>().Value;

        Assert.Equal((TimeSpan.FromDays(90), TimeSpan.FromDays(400)), (retention.Items, retention.Hits));
    }

    private RetentionPruner Pruner(WatcherTestHost host) =>
        new(host.Get<IDbContextFactory<WatcherDbContext>>(), host.Get<IOptions<RetentionOptions>>(), _clock, _log) { BatchSize = 1 };

    /// <summary>Distinct titles (no two are the same story), each with its own guid and link.</summary>
    private static TestItem Item(string key) => new($"{TestFeeds.Irrelevant} — {key}", $"https://a.example/{key}", $"guid-{key}");

    private static string Key(string title) => title[(title.LastIndexOf(' ') + 1)..];

    private static Hit AddHit(WatcherDbContext db, Feed feed, string title, DateTimeOffset found)
    {
        var hit = new Hit { FeedId = feed.Id, Title = title, Score = 2, FoundAt = found, PublishedAt = found, MatchedTerms = ["Moscou"] };
        db.Hits.Add(hit);
        return hit;
    }

    private static DigestRun AddRun(WatcherDbContext db, string list, DateTimeOffset created, string status)
    {
        var run = new DigestRun { ListName = list, CreatedAt = created, Status = status, MessageId = $"<digest.{list}.{Guid.NewGuid():N}@watcher.example>" };
        db.Digests.Add(run);
        return run;
    }
}
