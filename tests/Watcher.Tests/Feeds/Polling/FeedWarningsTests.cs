using System.Text;
using Microsoft.EntityFrameworkCore;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>A feed read leniently (a broken byte repaired, items cut) says so on the feed, and a clean fetch clears it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FeedWarningsTests(PostgresServer postgres)
{
    [Fact]
    public async Task One_invalid_byte_loses_no_hit_and_the_repair_shows_on_the_feed_until_a_clean_fetch()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var good = TestFeeds.Rss(
            new TestItem(TestFeeds.Relevant, "https://a.example/1", "g1"),
            new TestItem("Marché de Bamako : le prix du riz baisse", "https://a.example/2", "g2"),
            new TestItem("Caf\u00e9 culture", "https://a.example/3", "g3"));
        // One windows-1252 'é' (0xE9) where the UTF-8 of 'é' (C3 A9) stood, in the third item only.
        var utf8Cafe = Encoding.UTF8.GetBytes("Caf\u00e9 culture");
        var broken = Replace(good, utf8Cafe, [.. Encoding.ASCII.GetBytes("Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" culture")]);
        h.Server.Serve("/feed.xml", broken, "application/rss+xml");
        var feed = await h.AddAsync("/feed.xml");

        await h.Poller.PollAsync(force: true, default);

        var hit = Assert.Single(await h.HitsAsync(feed.Id));
        Assert.Equal(TestFeeds.Relevant, hit.Title);
        var seen = await h.SeenAsync(feed.Id);
        Assert.Equal(["Le président russe Vladimir Poutine s'entretient avec le colonel Assimi Goïta", "Marché de Bamako : le prix du riz baisse", "Café culture"],
            seen.Select(s => s.Title));
        var warned = await h.FeedAsync(feed.Id);
        Assert.Equal(0, warned.ConsecutiveFailures);
        Assert.Contains("repaired-invalid-utf-8 (1 broken byte sequence", warned.LastWarning, StringComparison.Ordinal);
        Assert.NotNull(warned.LastWarningAt);

        h.Server.Serve("/feed.xml", good, "application/rss+xml");
        await h.Poller.PollAsync(force: true, default);

        var clean = await h.FeedAsync(feed.Id);
        Assert.Null(clean.LastWarning);
        Assert.Null(clean.LastWarningAt);
    }

    [Fact]
    public async Task Items_past_MaxItemsPerFeed_are_cut_with_a_warning_on_the_feed_and_in_feeds_list()
    {
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?> { ["Polling:MaxItemsPerFeed"] = "50" });
        var items = Enumerable.Range(1, 120).Select(i => new TestItem($"Nouvelle {i}", $"https://a.example/{i}", $"g{i}")).ToArray();
        h.Server.Serve("/big.xml", TestFeeds.Rss(items), "application/rss+xml");
        var feed = await h.AddAsync("/big.xml");

        await h.Poller.PollAsync(force: true, default);

        var seen = await h.SeenAsync(feed.Id);
        Assert.Equal(50, seen.Count);
        Assert.Equal("Nouvelle 1", seen[0].Title);
        var cut = await h.FeedAsync(feed.Id);
        Assert.Contains("items-cut (kept the first 50 of 120 items: Polling:MaxItemsPerFeed)", cut.LastWarning, StringComparison.Ordinal);

        string connection;
        await using (var db = await h.Db())
            connection = db.Database.GetConnectionString()!;
        var list = await WatcherProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = connection }, null, "feeds", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("(warning: read leniently: items-cut (kept the first 50 of 120 items", list.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    public async Task MaxItemsPerFeed_out_of_range_is_a_configuration_error_naming_the_key(string value)
    {
        var run = await WatcherProcess.RunAsync(new Dictionary<string, string> { ["Polling__MaxItemsPerFeed"] = value }, null,
            "feeds", "check", "/nonexistent-feed.xml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Polling:MaxItemsPerFeed must be between 1 and 1000000", run.Stderr, StringComparison.Ordinal);
    }

    private static byte[] Replace(byte[] bytes, byte[] find, byte[] replacement)
    {
        var at = bytes.AsSpan().IndexOf(find);
        Assert.True(at >= 0);
        return [.. bytes.AsSpan(0, at), .. replacement, .. bytes.AsSpan(at + find.Length)];
    }
}
