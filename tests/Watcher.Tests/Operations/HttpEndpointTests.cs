using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>The service's HTTP listener on 127.0.0.1, in a real `watcher run` on a real PostgreSQL.</summary>
[Collection(PostgresCommandCollection.Name)]
public sealed class HttpEndpointTests(PostgresServer postgres) : IDisposable
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("watcher-ops-outbox-").FullName;

    [ThrowawayPostgresFact]
    public async Task HealthzAnswersWhileRunningAndReadyzNamesTheDatabaseWhileItIsDown()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var service = await RunningService.StartAsync(Environment(connectionString));

        var live = await service.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("alive", RunningService.Status(live.Body));
        var ready = await service.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", RunningService.Status(ready.Body));
        Assert.Empty(RunningService.Failing(ready.Body));
        // Exactly the one listener Http:Urls asked for.
        Assert.Single(ListeningSockets.Of(service.Process.Pid));
        // The container's HEALTHCHECK client, given the address or reading it from Http:Urls.
        // The wildcard host the container image uses is asked on 127.0.0.1.
        var client = new Dictionary<string, string> { ["Http__Urls"] = $"http://+:{service.BaseUri!.Port}" };
        var healthCommand = await WatcherProcess.RunAsync(client, null, "health");
        Assert.Equal(0, healthCommand.ExitCode);
        Assert.Contains("\"alive\"", healthCommand.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await WatcherProcess.RunAsync(new Dictionary<string, string>(), null, "health", "--ready", "--url", service.BaseUri.AbsoluteUri)).ExitCode);

        await postgres.StopAsync();
        try
        {
            var down = await service.GetUntilAsync("readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            Assert.Equal("unready", RunningService.Status(down.Body));
            var failing = RunningService.Failing(down.Body);
            Assert.StartsWith("unreachable: ", failing["database"], StringComparison.Ordinal);
            // Short, and never a stack trace.
            Assert.True(down.Body.Length < 2000, down.Body);
            Assert.DoesNotContain(" at Npgsql", down.Body, StringComparison.Ordinal);
            // Alive all the same: the outage is shorter than Health:DatabaseOutageLimit (5 minutes).
            Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("healthz")).Status);
            var readyCommand = await WatcherProcess.RunAsync(client, null, "health", "--ready");
            Assert.Equal(1, readyCommand.ExitCode);
            Assert.Contains("\"database\"", readyCommand.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            await postgres.StartAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await service.GetUntilAsync("readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(60))).Status);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task ReadyzNamesPendingMigrationsAndOnesThisVersionDoesNotKnow()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var service = await RunningService.StartAsync(Environment(connectionString));
        Assert.Equal(HttpStatusCode.OK, (await service.GetUntilAsync("readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30))).Status);
        List<string> migrations;
        using (var host = new WatcherTestHost(connectionString))
        {
            await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
            migrations = [.. db.Database.GetMigrations()];
        }

        // As EF sees it, an un-migrated database (one restored from before the schema, say).
        await ExecuteAsync(connectionString, "create table history_copy as select * from \"__EFMigrationsHistory\"; delete from \"__EFMigrationsHistory\"");
        var unmigrated = await service.GetUntilAsync("readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unmigrated.Status);
        var failing = RunningService.Failing(unmigrated.Body);
        Assert.Equal(["schema"], failing.Keys);
        Assert.StartsWith($"{migrations.Count} pending migration(s): ", failing["schema"], StringComparison.Ordinal);
        Assert.All(migrations, m => Assert.Contains(m, failing["schema"], StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("healthz")).Status);

        // A newer Watcher migrated the database further than this one knows.
        await ExecuteAsync(connectionString, "insert into \"__EFMigrationsHistory\" select * from history_copy; " +
            "insert into \"__EFMigrationsHistory\" values ('29991231000000_FromANewerVersion', '99.0.0')");
        var ahead = await service.GetUntilAsync("readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        Assert.Contains("29991231000000_FromANewerVersion", RunningService.Failing(ahead.Body)["schema"], StringComparison.Ordinal);
        Assert.Contains("does not know", RunningService.Failing(ahead.Body)["schema"], StringComparison.Ordinal);

        await ExecuteAsync(connectionString, "delete from \"__EFMigrationsHistory\" where \"MigrationId\" = '29991231000000_FromANewerVersion'");
        Assert.Equal(HttpStatusCode.OK, (await service.GetUntilAsync("readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30))).Status);
        Assert.Equal(0, await service.StopAsync());
    }

    [Fact]
    public async Task MetricsShowThePollOfALocalFeedAndTheDigestSentToTheOutbox()
    {
        await using var feeds = await FeedServer.StartAsync();
        feeds.ServeFile("/desk-fr.xml", TestPaths.TestData("EndToEnd", "desk-fr.xml"), "application/rss+xml; charset=utf-8");
        var connectionString = await postgres.CreateDatabaseAsync();
        var env = Environment(connectionString);
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "feeds", "add", feeds.UrlFor("/desk-fr.xml").AbsoluteUri)).ExitCode);
        env["Polling__Interval"] = "00:00:10";
        env["Digest__Cron"] = "*/2 * * * * ?";
        var running = Stopwatch.StartNew();
        using var service = await RunningService.StartAsync(env);

        // Bounded: the poll, then the digest, then its record "sent"; the gauges are read at most every 5 s.
        var metrics = await ScrapeUntilAsync(service, m => m.Value("watcher_last_digest_success_age_seconds", ("list", "desk")) is not null);
        var (seen, hits) = await CountsAsync(connectionString);
        Assert.True(seen > 0 && hits > 0 && hits < seen, $"{seen} items, {hits} hits");

        Assert.Equal(1, metrics.Value("watcher_feeds", ("status", "ok")));
        Assert.Equal(0, metrics.Value("watcher_feeds", ("status", "failing")));
        Assert.Equal(0, metrics.Value("watcher_feeds", ("status", "disabled")));
        Assert.Equal(0, metrics.Value("watcher_feeds_broken"));
        Assert.Equal(seen, metrics.Value("watcher_items_new_total"));
        Assert.True(metrics.Value("watcher_items_fetched_total") >= seen);
        Assert.Equal(hits, metrics.Value("watcher_hits_total"));
        Assert.Equal(hits, metrics.Value("watcher_classify_decisions_total", ("relevant", "true")));
        Assert.Equal(seen - hits, metrics.Value("watcher_classify_decisions_total", ("relevant", "false")));
        Assert.True(metrics.Value("watcher_feed_fetches_total", ("result", "fetched")) >= 1);
        Assert.True(metrics.Value("watcher_poll_duration_seconds_count") >= 1);
        Assert.True(metrics.Value("watcher_poll_duration_seconds_sum") > 0);
        Assert.Equal(1, metrics.Value("watcher_digests_total", ("list", "desk"), ("kind", "digest"), ("outcome", "sent")));
        Assert.Empty(metrics.Values("watcher_digests_total", ("outcome", "failed")));
        Assert.Equal(0, metrics.Value("watcher_pending_hits", ("list", "desk")));
        Assert.Equal(1, metrics.Value("watcher_database_up"));
        var sinceStart = running.Elapsed.TotalSeconds;
        Assert.InRange(metrics.Value("watcher_last_poll_success_age_seconds")!.Value, 0, sinceStart);
        Assert.InRange(metrics.Value("watcher_last_digest_success_age_seconds", ("list", "desk"))!.Value, 0, sinceStart);
        // The heartbeat the liveness monitor judges: this instance's scheduler fires (poll, digest, heartbeat).
        Assert.InRange(metrics.Value("watcher_scheduler_last_fire_age_seconds")!.Value, 0, sinceStart);
        Assert.Contains("# TYPE watcher_items_new_total counter", metrics.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE watcher_poll_duration_seconds histogram", metrics.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE watcher_pending_hits gauge", metrics.Text, StringComparison.Ordinal);

        Assert.Equal(0, await service.StopAsync());
        Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
    }

    [Fact]
    public async Task WithHttpUrlsEmptyTheServiceListensOnNothing()
    {
        using var notify = new NotifySocket();
        var env = Environment(await postgres.CreateDatabaseAsync());
        env["Http__Urls"] = "";
        env["NOTIFY_SOCKET"] = notify.Path;
        using var service = WatcherProcess.Start(env, "run");
        // READY=1 comes once every hosted service started: Kestrel, had there been one, would listen by then.
        Assert.True(await notify.WaitForAsync(m => m.Contains("READY=1"), TimeSpan.FromSeconds(90), () => service.HasExited), service.Stdout + service.Stderr);

        Assert.Empty(ListeningSockets.Of(service.Pid));
        Assert.DoesNotContain("HTTP listener", service.Stdout, StringComparison.Ordinal);
        service.SendSigterm();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task APortAlreadyTakenEndsTheServiceWithOneLineAndStopsTheSchedulerItStarted()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var env = Environment(await postgres.CreateDatabaseAsync());
        env["Http__Urls"] = $"http://127.0.0.1:{port}";

        // Kestrel binds last, after the scheduler started: the process must still end, not linger with it.
        using var service = WatcherProcess.Start(env, "run");
        Assert.Equal(1, await service.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal($"watcher: Failed to bind to address http://127.0.0.1:{port}: address already in use.",
            service.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
    }

    [Fact]
    public async Task AnAdminCommandNeverListens()
    {
        var env = Environment(await postgres.CreateDatabaseAsync());
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        using var classify = WatcherProcess.StartReadingStdin(env, "classify");
        classify.WriteStdinLine("{\"id\":\"1\",\"title\":\"Moscou et Bamako signent un accord\",\"text\":\"\"}");
        // Its answer to the first line: the command is past its start-up, waiting for the next line.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!classify.Stdout.Contains("\"id\":\"1\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !classify.HasExited)
            await Task.Delay(100);
        Assert.Contains("\"id\":\"1\"", classify.Stdout, StringComparison.Ordinal);

        Assert.Empty(ListeningSockets.Of(classify.Pid));
        classify.CloseStdin();
        Assert.Equal(0, await classify.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    private Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["ConnectionStrings__Watcher"] = connectionString,
        ["Digest__OutboxDirectory"] = _outbox,
        ["Http__Urls"] = "http://127.0.0.1:0",
    };

    private static async Task<PrometheusText> ScrapeUntilAsync(RunningService service, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        PrometheusText metrics;
        do
        {
            var (status, body) = await service.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.OK, status);
            metrics = new PrometheusText(body);
            if (condition(metrics))
                return metrics;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline && !service.Process.HasExited);
        throw new TimeoutException("/metrics never showed what the test waits for: " + metrics.Text);
    }

    private static async Task<(long Seen, long Hits)> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var seen = new NpgsqlCommand("select count(*) from seen_items", connection);
        await using var hits = new NpgsqlCommand("select count(*) from hits", connection);
        return ((long)(await seen.ExecuteScalarAsync())!, (long)(await hits.ExecuteScalarAsync())!);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => Directory.Delete(_outbox, recursive: true);
}
