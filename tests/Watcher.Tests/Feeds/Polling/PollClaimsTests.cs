using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Feeds;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds.Polling;

/// <summary>
/// Several polls on one database at once (instances, `watcher poll` beside the service): claims share
/// the feeds out; the database has the last word on duplicates.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PollClaimsTests(PostgresServer postgres)
{
    private const string RssType = "application/rss+xml; charset=utf-8";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>Requests held for as long as the test needs must not time out meanwhile.</summary>
    private static readonly Dictionary<string, string?> PatientSettings = new() { ["Polling:RequestTimeout"] = "00:02:00" };

    [Fact]
    public async Task WatcherPollBesideAnotherInstancePollsTheOtherFeeds()
    {
        await using var h = await PollerHarness.StartAsync(postgres, PatientSettings);
        await using var otherHost = await FeedServer.StartAsync();
        var held = new HeldRequests();
        var paths = new List<(FeedServer Server, string Path)>();
        foreach (var (server, name) in new[] { (h.Server, "a"), (otherHost, "b") })
        {
            for (var i = 0; i < 4; i++)
            {
                var path = $"/{name}{i}.xml";
                var body = TestFeeds.Rss(new TestItem($"{TestFeeds.Irrelevant} {name}{i}", $"https://a.example/{name}{i}", $"{name}{i}"));
                server.Respond(path, held.Hold(FeedServerResponses.Content(body, RssType, DateTimeOffset.UtcNow)));
                await h.Registry.AddAsync(server.UrlFor(path).AbsoluteUri, null, default);
                paths.Add((server, path));
            }
        }

        // "The service" has two fetch slots, so it takes four of the eight feeds (twice its slots).
        var service = h.OtherInstance(new Dictionary<string, string?>(PatientSettings) { ["Polling:MaxConcurrency"] = "2" });
        var servicePoll = service.PollAsync(force: false, default);
        await held.WaitForArrivalsAsync(2, Bound);
        using var cli = WatcherProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = h.ConnectionString }, "poll");
        // Whatever the mix of hosts, `watcher poll` fetches at least two of the four left at once.
        await held.WaitForArrivalsAsync(4, Bound);
        Assert.Equal([4, 4], await ClaimsPerPollAsync(h.ConnectionString));
        held.Open();

        Assert.Equal(0, await cli.WaitForExitAsync(Bound));
        var byService = (await servicePoll).Feeds.Select(f => f.Url).ToList();
        var byCli = cli.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("ok ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToList();
        Assert.Equal(4, byService.Count);
        Assert.Equal(4, byCli.Count);
        Assert.Equal(paths.Select(p => p.Server.UrlFor(p.Path).AbsoluteUri).Order(), byService.Concat(byCli).Order());
        Assert.All(paths, p => Assert.Single(p.Server.RequestsFor(p.Path)));
        Assert.Equal(0, await ClaimedCountAsync(h.ConnectionString));
    }

    [Fact]
    public async Task APollFetchesAtMostMaxConcurrencyPerHostFromOneHostAtOnce()
    {
        await using var h = await PollerHarness.StartAsync(postgres, PatientSettings);
        var held = new HeldRequests();
        for (var i = 0; i < 6; i++)
        {
            h.Server.Respond($"/f{i}.xml", held.Hold(FeedServerResponses.Content(
                TestFeeds.Rss(new TestItem($"{TestFeeds.Irrelevant} {i}", $"https://a.example/{i}", $"g{i}")), RssType, DateTimeOffset.UtcNow)));
            await h.AddAsync($"/f{i}.xml");
        }
        var poll = h.Poller.PollAsync(force: false, default);
        await held.WaitForArrivalsAsync(2, Bound);
        // All six are in the poll's hands, with eight slots free: only the host's limit (2) holds the others back.
        Assert.Equal([6], await ClaimsPerPollAsync(h.ConnectionString));
        held.Open();

        Assert.Equal(6, (await poll).Fetched);
        Assert.Equal(2, held.MaxInFlightPerHost);
    }

    [Fact]
    public async Task AKilledPollsFeedsWaitForItsLeaseThenAnotherPollTakesThem()
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        var held = new HeldRequests();
        foreach (var i in new[] { 0, 1 })
        {
            h.Server.Respond($"/f{i}.xml", held.Hold(FeedServerResponses.Content(
                TestFeeds.Rss(new TestItem($"{TestFeeds.Irrelevant} {i}", $"https://a.example/{i}", $"g{i}")), RssType, DateTimeOffset.UtcNow)));
            await h.AddAsync($"/f{i}.xml");
        }

        int pid;
        using (var cli = WatcherProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = h.ConnectionString }, "poll"))
        {
            pid = cli.Pid;
            await held.WaitForArrivalsAsync(2, Bound);
        } // killed mid-fetch
        held.Open();

        var claims = await ClaimsAsync(h.ConnectionString);
        Assert.Equal(2, claims.Count);
        var lease = FeedClaims.Lease(new PollingOptions());
        Assert.All(claims, c =>
        {
            Assert.Contains($"/{pid}/", c.ClaimedBy, StringComparison.Ordinal);
            // On the database's clock: the lease it was given, running.
            Assert.InRange(c.LeaseLeft, TimeSpan.FromTicks(1), lease);
        });
        // While the lease runs, another poll (even `watcher poll`'s "every feed") leaves the feeds alone.
        Assert.Empty((await h.Poller.PollAsync(force: true, default)).Feeds);
        Assert.All(new[] { 0, 1 }, i => Assert.Single(h.Server.RequestsFor($"/f{i}.xml")));

        await ExecuteAsync(h.ConnectionString, "UPDATE feeds SET claim_expires_at = statement_timestamp() - interval '1 second'");
        var after = await h.Poller.PollAsync(force: false, default);
        Assert.Equal((2, 2), (after.Fetched, after.NewItems));
        Assert.All(new[] { 0, 1 }, i => Assert.Equal(2, h.Server.RequestsFor($"/f{i}.xml").Count));
        Assert.Equal(0, await ClaimedCountAsync(h.ConnectionString));
    }

    /// <summary>
    /// Claims bypassed: the first poll's lease runs out while it is writing, a second poll takes the feed,
    /// and both reach the write with the same new items. The unique (feed, identity) index decides; the
    /// loser stores nothing twice, reports no hit twice, and does not call the healthy feed failed.
    /// </summary>
    [Fact]
    public async Task TwoPollsWritingTheSameItemsStoreAndReportEachOnce()
    {
        await using var h = await PollerHarness.StartAsync(postgres, PatientSettings);
        h.Server.Serve("/f.xml", TestFeeds.Rss(
            new TestItem(TestFeeds.Relevant, "https://a.example/1", "g1"),
            new TestItem(TestFeeds.Relevant + " (suite)", "https://a.example/2", "g2"),
            new TestItem(TestFeeds.Irrelevant, "https://a.example/3", "g3")), RssType);
        var feed = await h.AddAsync("/f.xml");
        // Every insert into seen_items waits for a lock the test holds: both polls are held mid-write.
        await ExecuteAsync(h.ConnectionString, """
            create function hold_seen() returns trigger language plpgsql as $$ begin perform pg_advisory_xact_lock_shared(4242); return null; end $$;
            create trigger hold_seen before insert on seen_items for each statement execute function hold_seen();
            """);
        await using var holder = new NpgsqlConnection(h.ConnectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(4242)");

        var first = h.Poller.PollAsync(force: false, default);
        await WaitForLockWaitersAsync(holder, 1);
        await ExecuteAsync(holder, "UPDATE feeds SET claim_expires_at = statement_timestamp() - interval '1 second'");
        var second = h.OtherInstance().PollAsync(force: false, default);
        await WaitForLockWaitersAsync(holder, 2);
        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(4242)");
        var polls = await Task.WhenAll(first, second);

        Assert.All(polls, p => Assert.Equal((1, 0), (p.Fetched, p.Failed)));
        Assert.Equal(3, polls.Sum(p => p.NewItems));
        Assert.Equal(2, polls.Sum(p => p.NewHits));
        Assert.Equal(3, (await h.SeenAsync(feed.Id)).Count);
        Assert.Equal(2, (await h.HitsAsync(feed.Id)).Count);
        var stored = await h.FeedAsync(feed.Id);
        Assert.Equal(0, stored.ConsecutiveFailures);
        Assert.Null(stored.ClaimedBy);
    }

    [Fact]
    public async Task StoppingTakesNoMoreFeedsAndStoresThoseInFlight()
    {
        await using var h = await PollerHarness.StartAsync(postgres, new Dictionary<string, string?>(PatientSettings) { ["Polling:MaxConcurrency"] = "1" });
        var held = new HeldRequests();
        for (var i = 0; i < 3; i++)
        {
            h.Server.Respond($"/f{i}.xml", held.Hold(FeedServerResponses.Content(
                TestFeeds.Rss(new TestItem($"{TestFeeds.Irrelevant} {i}", $"https://a.example/{i}", $"g{i}")), RssType, DateTimeOffset.UtcNow)));
            await h.AddAsync($"/f{i}.xml");
        }
        using var stop = new CancellationTokenSource();
        var poll = h.Poller.PollAsync(force: false, default, stop.Token);
        await held.WaitForArrivalsAsync(1, Bound);
        await stop.CancelAsync();
        held.Open();

        var summary = await poll;
        Assert.Equal((1, 1), (summary.Fetched, summary.NewItems));
        Assert.Equal(1, held.Arrived);
        await using var db = await h.Db();
        Assert.Equal(1, await db.Feeds.CountAsync(f => f.LastPolledAt != null));
        Assert.Equal(0, await ClaimedCountAsync(h.ConnectionString));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AClaimReadsTheFirstClaimableFeedsInIndexOrderWithoutSortingThemAll(bool force)
    {
        await using var h = await PollerHarness.StartAsync(postgres);
        await using var connection = new NpgsqlConnection(h.ConnectionString);
        await connection.OpenAsync();
        // A desk's worth of feeds, half polled and due later, a few disabled.
        await ExecuteAsync(connection, """
            INSERT INTO feeds (url, enabled, created_at, consecutive_failures, next_poll_at, last_polled_at)
            SELECT 'https://host' || (i % 300) || '.example/feed' || i, i % 50 <> 0, now(), 0,
                   CASE WHEN i % 2 = 0 THEN now() + interval '5 minutes' END, CASE WHEN i % 2 = 0 THEN now() END
            FROM generate_series(1, 3000) AS i;
            ANALYZE feeds;
            """);
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + FeedClaims.ClaimSql(force), connection);
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "test/poll" });
        explain.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow.AddMinutes(-1) });
        explain.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 16 });
        explain.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromMinutes(2) });
        var plan = (string)(await explain.ExecuteScalarAsync())!;

        Assert.Contains("\"Index Name\": \"ix_feeds_claim_order\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Node Type\": \"Sort\"", plan, StringComparison.Ordinal);
    }

    private static async Task<List<int>> ClaimsPerPollAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM feeds WHERE claim_expires_at > statement_timestamp() GROUP BY claimed_by ORDER BY 1", connection);
        var counts = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts.Add(reader.GetInt32(0));
        return counts;
    }

    private static async Task<List<(string ClaimedBy, TimeSpan LeaseLeft)>> ClaimsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT claimed_by, claim_expires_at - statement_timestamp() FROM feeds WHERE claimed_by IS NOT NULL", connection);
        var claims = new List<(string, TimeSpan)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            claims.Add((reader.GetString(0), reader.GetFieldValue<TimeSpan>(1)));
        return claims;
    }

    private static async Task<long> ClaimedCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM feeds WHERE claimed_by IS NOT NULL OR claim_expires_at IS NOT NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Bounded wait until <paramref name="count"/> sessions wait for the test's advisory lock.</summary>
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection connection, int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted", connection);
            if ((long)(await command.ExecuteScalarAsync())! >= count)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{count} poll(s) never reached the write");
            await Task.Delay(20);
        }
    }
}
