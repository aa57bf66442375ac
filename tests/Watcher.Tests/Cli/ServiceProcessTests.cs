using Npgsql;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Cli;

/// <summary>`watcher run` as ops run it: Quartz with its job store in PostgreSQL, outbox delivery, SIGTERM to stop.</summary>
[Collection(PostgresCollection.Name)]
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
        using var service = WatcherProcess.Start(env, "run");

        // Bounded wait for the first digest file: the poll job ran, then the digest job found its hit.
        // Its final name only: "*.eml" also matches the hidden .staging-*.eml still being written.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (Directory.GetFiles(outbox, "digest-*.eml").Length == 0 && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(250);
        // The retention job runs once at start (then daily), its trigger taken in turn with the others.
        while (!service.Stdout.Contains("Retention: ", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(250);
        var eml = Assert.Single(Directory.GetFiles(outbox, "digest-*.eml"));
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
        Assert.Single(Directory.GetFiles(outbox, "digest-*.eml"));
    }
}
