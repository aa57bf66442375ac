using Npgsql;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Cli;

/// <summary>`watcher run` as ops run it: Quartz with its job store in PostgreSQL, outbox delivery, SIGTERM to stop.</summary>
[Collection(PostgresProcessCollection.Name)]
public sealed class ServiceProcessTests(PostgresServer postgres)
{
    [Fact]
    public async Task RunMigratesLearnsPollsSendsToOutboxAndStopsCleanlyOnSigterm()
    {
        await using var feeds = await FeedServer.StartAsync();
        feeds.ServeFile("/desk-fr.xml", TestPaths.TestData("EndToEnd", "desk-fr.xml"), "application/rss+xml; charset=utf-8");
        var connectionString = await postgres.CreateDatabaseAsync();
        var outbox = Directory.CreateTempSubdirectory("watcher-outbox-").FullName;
        var env = new Dictionary<string, string> { ["ConnectionStrings__Watcher"] = connectionString };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "feeds", "add", feeds.UrlFor("/desk-fr.xml").AbsoluteUri)).ExitCode);

        env["Polling__Interval"] = "00:00:10";
        env["Digest__Cron"] = "*/2 * * * * ?";
        env["Digest__OutboxDirectory"] = outbox;
        // A port of its own: 8080 (the default) may be taken on a shared machine.
        env["Http__Urls"] = "http://127.0.0.1:0";
        using var service = WatcherProcess.Start(env, "run");

        // Bounded wait for the first digest file: the poll ran, then the digest job found its hit.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Digests(outbox).Length == 0 && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(250);
        // The retention job runs once at start (then daily), its trigger taken in turn with the others.
        while (!service.Stdout.Contains("Retention: ", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(250);
        var eml = Assert.Single(Digests(outbox));
        using var digest = await MimeKit.MimeMessage.LoadAsync(eml);
        Assert.Contains("Assimi Goïta", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Niger", digest.TextBody, StringComparison.Ordinal);

        service.SendSigterm();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(45)));
        Assert.Contains("Watcher started", service.Stdout, StringComparison.Ordinal);
        Assert.Contains("delivered to", service.Stdout, StringComparison.Ordinal);
        // Nothing here is old enough to go.
        Assert.Contains("Retention: 0 seen item(s)", service.Stdout, StringComparison.Ordinal);

        // Quartz created its own tables in the same database, and this node checked in to the cluster.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select count(*) from qrtz_scheduler_state where sched_name = 'watcher'", connection);
        Assert.True((long)(await query.ExecuteScalarAsync())! >= 1);
        Assert.Single(Digests(outbox));
    }

    [Fact]
    public async Task StopsOnSigtermWhileTheDatabaseIsDown()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = connectionString,
            ["Polling__Interval"] = "00:00:10",
            ["Http__Urls"] = "http://127.0.0.1:0",
        };
        Assert.Equal(0, (await WatcherProcess.RunAsync(env, null, "migrate")).ExitCode);
        using var service = WatcherProcess.Start(env, "run");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        // Logged once the host has started (ApplicationStarted), the scheduler with it.
        while (!service.Stdout.Contains("HTTP listener on", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(250);
        Assert.Contains("HTTP listener on", service.Stdout, StringComparison.Ordinal);

        await postgres.StopAsync();
        try
        {
            // Quartz's own loop meets the outage when its heartbeat trigger (every 15 s) is due, and retries
            // releasing it: the state in which the process used to ignore SIGTERM for good.
            const string retrying = "in ExecuteInLocalTransactionLock";
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (!service.Stdout.Contains(retrying, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            Assert.Contains(retrying, service.Stdout, StringComparison.Ordinal);

            service.SendSigterm();
            // Well inside the two-minute shutdown timeout a digest being sent may use.
            var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, $"exit code {exitCode}; stdout: {service.Stdout[^Math.Min(4000, service.Stdout.Length)..]}; stderr: {service.Stderr}");
        }
        finally
        {
            await postgres.StartAsync();
        }
    }

    /// <summary>The outbox's digests, not the hidden `.staging-*.eml` a digest is written to before it is moved in place.</summary>
    private static string[] Digests(string outbox) =>
        [.. Directory.GetFiles(outbox, "*.eml").Where(f => !Path.GetFileName(f).StartsWith('.'))];
}
