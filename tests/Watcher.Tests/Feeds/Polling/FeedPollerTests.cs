using Microsoft.EntityFrameworkCore;
using Watcher.Feeds;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>The poller on real HTTP (Kestrel on 127.0.0.1) and a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FeedPollerTests(PostgresServer postgres)
{
    private const string RssType = "application/rss+xml; charset=utf-8";

    [Fact]
    public async Task UnchangedFeedAnswers304AndKeepsItsValidators()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Serve("/f.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        var feed = await h.AddAsync("/f.xml");

        var first = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 1), (first.Fetched, first.NewItems));
        var stored = await h.FeedAsync(feed.Id);
        Assert.NotNull(stored.ETag);
        Assert.NotNull(stored.LastFullFetchAt);

        var second = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 0), (second.NotModified, second.NewItems));
        Assert.Equal(stored.ETag, h.Server.RequestsFor("/f.xml")[1].IfNoneMatch);
        Assert.Equal(stored.ETag, (await h.FeedAsync(feed.Id)).ETag);
    }

    [Fact]
    public async Task AFullFetchIsForcedWhenTheLastOneIsOld()
    {
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?> { ["Polling:FullFetchEvery"] = "01:00:00" });
        h.Server.Serve("/f.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        var feed = await h.AddAsync("/f.xml");
        await h.Poller.PollAsync(force: true, default);
        await using (var db = await h.Db())
            await db.Feeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastFullFetchAt, DateTimeOffset.UtcNow.AddHours(-2)));

        var again = await h.Poller.PollAsync(force: true, default);
        Assert.Equal(1, again.Fetched);
        Assert.Null(h.Server.RequestsFor("/f.xml")[1].IfNoneMatch);
        Assert.True((await h.FeedAsync(feed.Id)).LastFullFetchAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task ValidatorsAdvanceOnlyWhenTheItemsAreCommitted()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var old = new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1");
        var v1 = TestFeeds.Rss(old);
        h.Server.Serve("/f.xml", v1, RssType);
        var feed = await h.AddAsync("/f.xml");
        await h.Poller.PollAsync(force: true, default);
        var etag1 = (await h.FeedAsync(feed.Id)).ETag;
        Assert.Equal(FeedServerResponses.ETagFor(v1), etag1);

        // A new relevant item; the database refuses its hit (as a full disk or a constraint would):
        // nothing of the poll may stick, neither the item written before the hit nor the new validators.
        var v2 = TestFeeds.Rss(new TestItem(TestFeeds.Relevant, "https://a.example/2", "g2"), old);
        h.Server.Serve("/f.xml", v2, RssType);
        await using (var db = await h.Db())
        {
            await db.Database.ExecuteSqlRawAsync("""
                create function refuse_hits() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$;
                create trigger refuse before insert on hits for each row execute function refuse_hits();
                """);
        }
        var failed = await h.Poller.PollAsync(force: true, default);
        Assert.Equal(1, failed.Failed);
        var afterFailure = await h.FeedAsync(feed.Id);
        Assert.Equal(etag1, afterFailure.ETag);
        Assert.Equal(FeedErrorKinds.Internal, afterFailure.LastErrorKind);
        // The database's own words, not a wrapper's.
        Assert.Contains("refused by test", afterFailure.LastError, StringComparison.Ordinal);
        Assert.Single(await h.SeenAsync(feed.Id));

        await using (var db = await h.Db())
            await db.Database.ExecuteSqlRawAsync("drop trigger refuse on hits");
        var retried = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 1, 1), (retried.Fetched, retried.NewItems, retried.NewHits));
        // The retry still asked with the old validators: they had not advanced past the refused items.
        Assert.Equal(etag1, h.Server.RequestsFor("/f.xml")[2].IfNoneMatch);
        Assert.Equal(FeedServerResponses.ETagFor(v2), (await h.FeedAsync(feed.Id)).ETag);
    }

    [Fact]
    public async Task PermanentRedirectMovesTheStoredUrl()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Serve("/new.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        h.Server.Respond("/old.xml", FeedServerResponses.Redirect("/new.xml"));
        var feed = await h.AddAsync("/old.xml");

        var summary = await h.Poller.PollAsync(force: true, default);
        Assert.Equal(1, summary.NewItems);
        Assert.Equal(h.Server.UrlFor("/new.xml").AbsoluteUri, (await h.FeedAsync(feed.Id)).Url);
        await h.Poller.PollAsync(force: true, default);
        Assert.Single(h.Server.RequestsFor("/old.xml"));
    }

    [Fact]
    public async Task GoneDisablesTheFeedAndResetBringsItBack()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Respond("/gone.xml", FeedServerResponses.Status(410));
        var feed = await h.AddAsync("/gone.xml");

        await h.Poller.PollAsync(force: true, default);
        var gone = await h.FeedAsync(feed.Id);
        Assert.False(gone.Enabled);
        Assert.Contains("410", gone.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(FeedErrorKinds.Gone, gone.LastErrorKind);
        Assert.Empty((await h.Poller.PollAsync(force: true, default)).Feeds);

        h.Server.Serve("/gone.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        Assert.True(await h.Registry.ResetAsync(feed.Url, default));
        var reset = await h.FeedAsync(feed.Id);
        Assert.True(reset.Enabled);
        Assert.Equal(0, reset.ConsecutiveFailures);
        Assert.True(reset.NextPollAt <= DateTimeOffset.UtcNow);
        var back = await h.Poller.PollAsync(force: false, default);
        Assert.Equal((1, 1), (back.Fetched, back.NewItems));
    }

    [Fact]
    public async Task RetryAfterIsTheFloorOfTheNextPollAndFailuresRecover()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Respond("/busy.xml", FeedServerResponses.Status(429, TimeSpan.FromHours(2)));
        var feed = await h.AddAsync("/busy.xml");

        var before = DateTimeOffset.UtcNow;
        await h.Poller.PollAsync(force: true, default);
        var limited = await h.FeedAsync(feed.Id);
        Assert.Equal(FeedErrorKinds.RateLimited, limited.LastErrorKind);
        Assert.Equal(1, limited.ConsecutiveFailures);
        // The ladder's first step is about a minute; the server asked for two hours.
        Assert.True(limited.NextPollAt >= before + TimeSpan.FromHours(2), $"next poll {limited.NextPollAt:O}");
        Assert.Empty((await h.Poller.PollAsync(force: false, default)).Feeds);

        h.Server.Serve("/busy.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        await h.Poller.PollAsync(force: true, default);
        var recovered = await h.FeedAsync(feed.Id);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Null(recovered.LastError);
        Assert.Null(recovered.FailingSince);
    }

    [Fact]
    public async Task ChangedGuidWithTheSameLinkAndUpdatedItemsAreNotNew()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var date = DateTimeOffset.UtcNow.AddHours(-1);
        h.Server.Serve("/f.xml", TestFeeds.Rss(new TestItem(TestFeeds.Relevant, "https://a.example/story?utm_source=rss", "g1", date)), RssType);
        var feed = await h.AddAsync("/f.xml");
        Assert.Equal(1, (await h.Poller.PollAsync(force: true, default)).NewHits);

        // The CMS renumbered its guids and edited the title; the link (tracking parameters aside) is the same.
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem(TestFeeds.Relevant + " (mise à jour)", "https://a.example/story#top", "cms-2-g1", date)), RssType);
        var second = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 0, 0), (second.Fetched, second.NewItems, second.NewHits));

        // The same guid with a new title and a new link: an update, not a second hit.
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem(TestFeeds.Relevant + " encore", "https://a.example/story-v2", "g1", date)), RssType);
        var third = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 0, 0), (third.Fetched, third.NewItems, third.NewHits));
        Assert.Single(await h.HitsAsync(feed.Id));
        var seen = Assert.Single(await h.SeenAsync(feed.Id));
        Assert.Equal("https://a.example/story", seen.Link);
        Assert.NotNull(seen.LinkIdentity);
    }

    [Fact]
    public async Task ItemsSharingOneLinkStayDistinct()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem("Un", "https://a.example/", "g1"),
            new TestItem("Deux", "https://a.example/", "g2")), RssType);
        var feed = await h.AddAsync("/f.xml");
        Assert.Equal(2, (await h.Poller.PollAsync(force: true, default)).NewItems);
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem("Trois", "https://a.example/", "g3"),
            new TestItem("Deux", "https://a.example/", "g2")), RssType);
        Assert.Equal(1, (await h.Poller.PollAsync(force: true, default)).NewItems);
        Assert.Equal(["Un", "Deux", "Trois"], (await h.SeenAsync(feed.Id)).Select(s => s.Title));
    }

    [Fact]
    public async Task FutureAndMissingDatesAreFlaggedNotInvented()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var past = DateTimeOffset.UtcNow.AddHours(-3);
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem(TestFeeds.Relevant, "https://a.example/past", "g1", past),
            new TestItem(TestFeeds.Relevant + " bis", "https://a.example/future", "g2", DateTimeOffset.UtcNow.AddDays(3)),
            new TestItem(TestFeeds.Relevant + " ter", "https://a.example/none", "g3")), RssType);
        var feed = await h.AddAsync("/f.xml");
        var before = DateTimeOffset.UtcNow;
        await h.Poller.PollAsync(force: true, default);

        var hits = (await h.HitsAsync(feed.Id)).ToDictionary(x => x.Link!);
        Assert.False(hits["https://a.example/past"].PublishedEstimated);
        Assert.Equal(past.ToUnixTimeSeconds(), hits["https://a.example/past"].PublishedAt!.Value.ToUnixTimeSeconds());
        foreach (var link in new[] { "https://a.example/future", "https://a.example/none" })
        {
            Assert.True(hits[link].PublishedEstimated);
            Assert.True(hits[link].PublishedAt <= DateTimeOffset.UtcNow && hits[link].PublishedAt >= before.AddSeconds(-1));
        }
        Assert.Null((await h.SeenAsync(feed.Id)).Single(s => s.Link == "https://a.example/future").PublishedAt);
    }

    [Fact]
    public async Task TtlIsAFloorAndNextPollsAreSpread()
    {
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?> { ["Polling:Interval"] = "00:10:00" });
        h.Server.Serve("/ttl.xml", TestFeeds.Rss("<ttl>90</ttl>", new TestItem("a", "https://a.example/1", "g1")), RssType);
        h.Server.Serve("/sy.xml", TestFeeds.Rss("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>",
            new TestItem("a", "https://a.example/1", "g1")), RssType);
        h.Server.Serve("/plain.xml", TestFeeds.Rss(new TestItem("a", "https://a.example/1", "g1")), RssType);
        var ttl = await h.AddAsync("/ttl.xml");
        var sy = await h.AddAsync("/sy.xml");
        var plain = await h.AddAsync("/plain.xml");
        var before = DateTimeOffset.UtcNow;
        await h.Poller.PollAsync(force: false, default);

        var t = await h.FeedAsync(ttl.Id);
        Assert.Equal(TimeSpan.FromMinutes(90), t.MinPollInterval);
        Assert.True(t.NextPollAt >= before + TimeSpan.FromMinutes(90));
        Assert.Equal(TimeSpan.FromMinutes(30), (await h.FeedAsync(sy.Id)).MinPollInterval);
        var p = await h.FeedAsync(plain.Id);
        Assert.Null(p.MinPollInterval);
        Assert.InRange(p.NextPollAt!.Value, before + TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(15));
        Assert.Empty((await h.Poller.PollAsync(force: false, default)).Feeds);
    }
}
