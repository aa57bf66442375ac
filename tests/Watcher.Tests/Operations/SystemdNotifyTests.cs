using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>
/// `watcher run` under a fake systemd: a notify socket made by the test, NOTIFY_SOCKET and WATCHDOG_USEC
/// in the environment of the real process, as systemd sets them for Type=notify and WatchdogSec=.
/// </summary>
[Collection(PostgresProcessCollection.Name)]
public sealed partial class SystemdNotifyTests(PostgresServer postgres) : IDisposable
{
    private readonly string _outbox = Directory.CreateTempSubdirectory("watcher-ops-outbox-").FullName;

    [Fact]
    public async Task ReadyComesOnlyOnceTheSchemaIsMigratedAndTheSchedulerRunsStoppingOnSigtermAndJournalLines()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        // The history table EF migrates under, held by the test: the service's migration has to wait.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await Execute(holder, "create table \"__EFMigrationsHistory\" (\"MigrationId\" varchar(150) primary key, \"ProductVersion\" varchar(32) not null)");
        var held = await holder.BeginTransactionAsync();
        await Execute(holder, "lock table \"__EFMigrationsHistory\" in access exclusive mode");

        using var notify = new NotifySocket();
        var env = Environment(connectionString, notify);
        env["JOURNAL_STREAM"] = "8:12345";
        // The lines that date the scheduler's start and the moment READY=1 is sent (SystemdLifetime logs it there).
        env["Logging__LogLevel__Quartz.Core.QuartzScheduler"] = "Information";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        using var service = WatcherProcess.Start(env, "run");

        // Bounded: until PostgreSQL shows the service waiting for that lock.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await SomeoneWaitsForTheHistoryTableAsync(connectionString) && DateTime.UtcNow < deadline && !service.HasExited)
            await Task.Delay(100);
        Assert.True(await SomeoneWaitsForTheHistoryTableAsync(connectionString), service.Stdout + service.Stderr);
        Assert.DoesNotContain("READY=1", notify.Messages);

        await held.CommitAsync();
        Assert.True(await notify.WaitForAsync(m => m.Contains("READY=1"), TimeSpan.FromSeconds(90), () => service.HasExited), service.Stdout + service.Stderr);
        // READY=1 was sent after all this was done.
        using (var host = new WatcherTestHost(connectionString))
        {
            await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.True(await db.Keywords.AnyAsync());
        }
        await using (var check = new NpgsqlConnection(connectionString))
        {
            await check.OpenAsync();
            await using var state = new NpgsqlCommand("select count(*) from qrtz_scheduler_state where sched_name = 'watcher'", check);
            Assert.Equal(1L, await state.ExecuteScalarAsync());
        }
        // In the order they happened: migrations, the scheduler's start, then ApplicationStarted and READY=1.
        var log = service.Stdout;
        var migrated = log.IndexOf("[900] Database schema is up to date", StringComparison.Ordinal);
        var schedulerStarted = SchedulerStartedLine().Match(log).Index;
        var applicationStarted = log.IndexOf("Application started.", StringComparison.Ordinal);
        Assert.True(migrated >= 0 && schedulerStarted > 0 && applicationStarted > 0, log);
        Assert.True(migrated < schedulerStarted && schedulerStarted < applicationStarted, log);
        Assert.DoesNotContain("STOPPING=1", notify.Messages);

        service.SendSigterm();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("STOPPING=1", notify.Messages.Last(m => m != "WATCHDOG=1"));
        Assert.Equal(1, notify.Count("READY=1"));
        // journald's own format: a syslog priority first, no timestamp (journald adds it).
        var lines = service.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(JournalLine(), line));
        Assert.Contains(lines, line => line.StartsWith("<6>Watcher.Scheduling.StartupTasks[901]", StringComparison.Ordinal));
    }

    [ThrowawayPostgresFact]
    public async Task WatchdogPingsStopWhenTheDatabaseIsDownLongerThanTheLimitAndResumeWhenItIsBack()
    {
        using var notify = new NotifySocket();
        var env = Environment(await postgres.CreateDatabaseAsync(), notify);
        env["WATCHDOG_USEC"] = "2000000";
        env["Health__DatabaseOutageLimit"] = "00:00:03";
        using var service = WatcherProcess.Start(env, "run");
        Assert.True(await notify.WaitForAsync(m => m.Contains("READY=1") && m.Count(x => x == "WATCHDOG=1") >= 3, TimeSpan.FromSeconds(90), () => service.HasExited),
            service.Stdout + service.Stderr);

        await postgres.StopAsync();
        try
        {
            // Bounded: the monitor judges every second and the limit is 3 s.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!service.Stdout.Contains("Service is stuck: database unreachable", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !service.HasExited)
                await Task.Delay(100);
            Assert.Contains("Service is stuck: database unreachable", service.Stdout, StringComparison.Ordinal);
            var pingsWhenStuck = notify.Count("WATCHDOG=1");
            // Three more judgements, all "stuck": no ping among them.
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(pingsWhenStuck, notify.Count("WATCHDOG=1"));
            Assert.False(service.HasExited);
        }
        finally
        {
            await postgres.StartAsync();
        }

        var stuck = notify.Count("WATCHDOG=1");
        Assert.True(await notify.WaitForAsync(m => m.Count(x => x == "WATCHDOG=1") > stuck, TimeSpan.FromSeconds(60), () => service.HasExited),
            service.Stdout + service.Stderr);
        Assert.Contains("Service is alive again", service.Stdout, StringComparison.Ordinal);
        service.SendSigterm();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("STOPPING=1", notify.Messages.Last(m => m != "WATCHDOG=1"));
    }

    private Dictionary<string, string> Environment(string connectionString, NotifySocket notify) => new()
    {
        ["ConnectionStrings__Watcher"] = connectionString,
        ["Digest__OutboxDirectory"] = _outbox,
        ["Http__Urls"] = "http://127.0.0.1:0",
        ["NOTIFY_SOCKET"] = notify.Path,
    };

    private static async Task<bool> SomeoneWaitsForTheHistoryTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_locks where not granted and relation = '\"__EFMigrationsHistory\"'::regclass", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"Scheduler watcher_\$_\S+ started\.")]
    private static partial Regex SchedulerStartedLine();

    [GeneratedRegex(@"^<[0-7]>[A-Za-z.]+(`\d+)?\[\d+\] ")]
    private static partial Regex JournalLine();

    public void Dispose() => Directory.Delete(_outbox, recursive: true);
}
