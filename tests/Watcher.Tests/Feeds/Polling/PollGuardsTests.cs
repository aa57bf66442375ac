using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Relevance;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>Review findings of issue 3: concurrent pollers and learners, truncation, redirects that fail.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PollGuardsTests(PostgresServer postgres)
{
    private const string RssType = "application/rss+xml; charset=utf-8";

    [Fact]
    public async Task AnEmojiOnTheTruncationBoundaryIsStoredWithoutHalfAPair()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var title = new string('a', 999) + "😀 end";
        var summary = new string('b', 3999) + "😀 end";
        h.Server.Serve("/f.xml", TestFeeds.Rss(new TestItem(title, "https://a.example/1", "g1", Summary: summary)), RssType);
        var feed = await h.AddAsync("/f.xml");

        var poll = await h.Poller.PollAsync(force: true, default);
        Assert.Equal((1, 0, 1), (poll.Fetched, poll.Failed, poll.NewItems));
        var seen = Assert.Single(await h.SeenAsync(feed.Id));
        Assert.Equal(new string('a', 999), seen.Title);
        Assert.Equal(new string('b', 3999), seen.Summary);
    }

    [Fact]
    public async Task TwoPollsAtOnceNeverMarkAHealthyFeedFailed()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var items = Enumerable.Range(0, 20).Select(i => new TestItem(TestFeeds.Irrelevant + " " + i, $"https://a.example/{i}", $"g{i}")).ToArray();
        for (var i = 0; i < 5; i++)
        {
            h.Server.Serve($"/f{i}.xml", TestFeeds.Rss(items), RssType);
            await h.AddAsync($"/f{i}.xml");
        }
        var done = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => h.Poller.PollAsync(force: true, default)));
        Assert.All(done, s => Assert.Equal(0, s.Failed));
        await using var db = await h.Db();
        Assert.Equal(100, await db.SeenItems.CountAsync());
        Assert.All(await db.Feeds.AsNoTracking().ToListAsync(), f => Assert.Equal(0, f.ConsecutiveFailures));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task APermanentRedirectToAFailureKeepsTheStoredUrl(int status)
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Respond("/old.xml", FeedServerResponses.Redirect("/new.xml"));
        h.Server.Respond("/new.xml", FeedServerResponses.Status(status));
        var feed = await h.AddAsync("/old.xml");

        var poll = await h.Poller.PollAsync(force: true, default);
        Assert.Equal(1, poll.Failed);
        var stored = await h.FeedAsync(feed.Id);
        Assert.Equal(h.Server.UrlFor("/old.xml").AbsoluteUri, stored.Url);
        Assert.Equal(1, stored.ConsecutiveFailures);
    }

    [Fact]
    public async Task APermanentRedirectToA304MovesTheUrlAndCountsAsUnchanged()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        h.Server.Serve("/f.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        var feed = await h.AddAsync("/f.xml");
        await h.Poller.PollAsync(force: true, default);
        h.Server.Serve("/new.xml", TestFeeds.Rss(new TestItem(TestFeeds.Irrelevant, "https://a.example/1", "g1")), RssType);
        h.Server.Respond("/f.xml", FeedServerResponses.Redirect("/new.xml"));

        var poll = await h.Poller.PollAsync(force: true, default);
        Assert.Equal(1, poll.NotModified);
        var stored = await h.FeedAsync(feed.Id);
        Assert.Equal(h.Server.UrlFor("/new.xml").AbsoluteUri, stored.Url);
        Assert.Equal(0, stored.ConsecutiveFailures);
        Assert.NotNull(stored.ETag);
    }

    [Fact]
    public async Task InstancesLearningTogetherOnAnEmptyDatabaseBothSucceed()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var first = new WatcherTestHost(connectionString);
        using var second = new WatcherTestHost(connectionString);
        await first.Get<DatabaseMigrator>().MigrateAsync(default);

        await Task.WhenAll(
            Task.Run(() => first.Get<KeywordLearning>().LearnIfEmptyAsync(default)),
            Task.Run(() => second.Get<KeywordLearning>().LearnIfEmptyAsync(default)));

        var keywords = await first.Get<KeywordStore>().ListAsync(default);
        Assert.NotEmpty(keywords);
        Assert.Equal(keywords.Count, keywords.Select(k => k.Term).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("Polling:UserAgent", "Watcher/1.0 (unclosed comment", "Polling:UserAgent")]
    [InlineData("Polling:UserAgent", "bad\u0001agent", "Polling:UserAgent")]
    [InlineData("Polling:MaxBodyBytes", "2147483648", "Polling:MaxBodyBytes")]
    public void InvalidPollingSettingsStopTheStartNamingTheKey(string key, string value, string named)
    {
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new WatcherTestHost("Host=127.0.0.1;Port=1;Database=none", new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
