using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Npgsql;
using Watcher.Data;
using Watcher.Tests.Cli;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Watcher.Tests.Digest;

/// <summary>
/// `watcher digest send` as a real process, SIGKILLed while it sends to a real SMTP server (aiosmtpd
/// holding it at a chosen point), then a normal send: every hit arrives once, except those of a run cut
/// off after its data went out, which may have arrived and are never sent again by themselves.
/// </summary>
[Collection(PostgresProcessCollection.Name)]
public sealed class DigestKillTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string ApplicationName = "watcher-kill-test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public enum KillPoint { BeforeConnecting, Connecting, Dialogue, AfterData }

    [Theory]
    [InlineData(KillPoint.BeforeConnecting, DigestPhases.Claimed)]
    [InlineData(KillPoint.Connecting, DigestPhases.Connecting)]
    [InlineData(KillPoint.Dialogue, DigestPhases.Connecting)]
    [InlineData(KillPoint.AfterData, DigestPhases.DataSent)]
    public async Task Send_killed_at_each_phase_then_a_normal_send(KillPoint point, string phaseAtKill)
    {
        SmtpStallPoint? stall = point switch
        {
            KillPoint.Connecting => SmtpStallPoint.Ehlo,
            KillPoint.Dialogue => SmtpStallPoint.Rcpt,
            KillPoint.AfterData => SmtpStallPoint.Data,
            _ => null,
        };
        using var smtp = new SmtpServerFixture(new SmtpServerOptions
        {
            Delays = stall is { } held ? new Dictionary<SmtpStallPoint, TimeSpan> { [held] = TimeSpan.FromSeconds(120) } : new Dictionary<SmtpStallPoint, TimeSpan>(),
            DelayOnce = true,
        });
        var (env, connectionString) = await SetUpAsync(smtp);
        var titles = await AddHitsAsync(connectionString, 0, 3);
        if (point == KillPoint.BeforeConnecting)
            await HoldTheConnectingPhaseAsync(connectionString, hold: true);

        long killedRun;
        using (var killed = WatcherProcess.Start(env, "digest", "send"))
        {
            if (stall is { } at)
                await smtp.WaitForStallAsync(at, Wait);
            else
                await WaitForASleepingUpdateAsync(connectionString);
            Assert.Equal(phaseAtKill, await PhaseOfTheRunSendingAsync(connectionString));
            killedRun = await ScalarAsync<long>(connectionString, "SELECT id FROM digests WHERE status = 'sending'");
            killed.Kill();
        }
        if (point == KillPoint.BeforeConnecting)
        {
            // Its phase write dies with it (left alone, the server would finish and commit it).
            await ExecuteAsync(connectionString,
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND wait_event = 'PgSleep'");
        }
        await WaitUntilItsSessionsAreGoneAsync(connectionString);
        if (point == KillPoint.BeforeConnecting)
            await HoldTheConnectingPhaseAsync(connectionString, hold: false);

        var normal = await WatcherProcess.RunAsync(env, null, "digest", "send");
        var history = await WatcherProcess.RunAsync(env, null, "digest", "history");

        Assert.True(normal.ExitCode == 0, normal.Stderr);
        Assert.True(history.ExitCode == 0, history.Stderr);
        var mails = smtp.ReceivedMessages();
        var mail = Assert.Single(mails);
        Assert.All(titles, t => Assert.Single(Occurrences(mails, t)));
        var row = history.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith($"{killedRun} ", StringComparison.Ordinal));
        if (point == KillPoint.AfterData)
        {
            // It arrived before the kill, but the process never heard so: never sent again, shown to the admin.
            Assert.Contains("no pending hits, nothing sent", normal.Stdout, StringComparison.Ordinal);
            Assert.Contains(" ambiguous ", row, StringComparison.Ordinal);
            Assert.Contains(mail.Header("Message-ID")!, row, StringComparison.Ordinal);
            Assert.Contains($"may not have arrived: check the mailbox for this Message-ID, then `watcher digest resend {killedRun}`", row, StringComparison.Ordinal);
            // The admin finds it in the mailbox.
            var dismiss = await WatcherProcess.RunAsync(env, null, "digest", "dismiss", killedRun.ToString(CultureInfo.InvariantCulture));
            Assert.True(dismiss.ExitCode == 0, dismiss.Stderr);
            var after = await WatcherProcess.RunAsync(env, null, "digest", "history");
            var checkedRow = after.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith($"{killedRun} ", StringComparison.Ordinal));
            Assert.Contains("[checked ", checkedRow, StringComparison.Ordinal);
            Assert.DoesNotContain("may not have arrived", checkedRow, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("with 3 hit(s) delivered", normal.Stdout, StringComparison.Ordinal);
            Assert.Contains(" failed ", row, StringComparison.Ordinal);
            Assert.Contains($"cut off at phase {phaseAtKill}", row, StringComparison.Ordinal);
            Assert.DoesNotContain(mail.Header("Message-ID")!, row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Twenty_random_kills_then_a_normal_send_lose_nothing_outside_the_ambiguous_window_and_send_nothing_twice()
    {
        // Every reply comes a little late, so the kills land in every phase.
        using var smtp = new SmtpServerFixture(new SmtpServerOptions
        {
            Delays = new Dictionary<SmtpStallPoint, TimeSpan>
            {
                [SmtpStallPoint.Ehlo] = TimeSpan.FromMilliseconds(150),
                [SmtpStallPoint.Rcpt] = TimeSpan.FromMilliseconds(150),
                [SmtpStallPoint.Data] = TimeSpan.FromMilliseconds(300),
            },
        });
        var (env, connectionString) = await SetUpAsync(smtp);
        var random = new Random(20261129);
        var titles = new List<string>();
        var phasesAtKill = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            titles.AddRange(await AddHitsAsync(connectionString, titles.Count, 3));
            var lastRun = await LastRunAsync(connectionString);
            using (var killed = WatcherProcess.Start(env, "digest", "send"))
            {
                // A quarter of the kills come at any moment from the start, the others once the run is recorded.
                if (random.Next(4) == 0)
                    await Task.Delay(random.Next(1500));
                else
                {
                    await WaitForARunAsync(connectionString, lastRun, killed);
                    await Task.Delay(random.Next(900));
                }
                killed.Kill();
            }
            await WaitUntilItsSessionsAreGoneAsync(connectionString);
            phasesAtKill.Add(await ScalarAsync<string?>(connectionString,
                $"SELECT CASE WHEN status = 'sending' THEN phase ELSE status END FROM digests WHERE id > {lastRun}") ?? "(no run yet)");
        }
        var normal = await WatcherProcess.RunAsync(env, null, "digest", "send");
        Assert.True(normal.ExitCode == 0, normal.Stderr);

        var runs = await RunsAsync(connectionString);
        var mails = smtp.ReceivedMessages();
        output.WriteLine($"{titles.Count} hits, {runs.Count} runs ({string.Join(", ", runs.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"))}), "
            + $"{mails.Count} mails; each killed process's run, as it was left: {string.Join(", ", phasesAtKill.GroupBy(p => p).Select(g => $"{g.Count()} {g.Key}"))}");
        Assert.DoesNotContain(runs, r => r.Status == DigestStatuses.Sending);
        // Every mail that arrived belongs to a run recorded as sent or ambiguous, never to one given back.
        Assert.All(mails, m => Assert.Contains(runs.Single(r => r.MessageId == m.Header("Message-ID")).Status,
            new[] { DigestStatuses.Sent, DigestStatuses.Ambiguous }));
        foreach (var run in runs.Where(r => r.Status == DigestStatuses.Sent))
            Assert.Single(mails, m => m.Header("Message-ID") == run.MessageId);
        var claims = await ClaimsAsync(connectionString);
        foreach (var title in titles)
        {
            var arrived = Occurrences(mails, title);
            Assert.True(arrived.Count <= 1, $"{title} arrived {arrived.Count} times");
            // Every hit is claimed (nothing left pending), by a run that went out or may have.
            Assert.True(claims.TryGetValue(title, out var claimedBy), $"{title} is still pending");
            var run = runs.Single(r => r.Id == claimedBy);
            if (run.Status == DigestStatuses.Sent)
                Assert.Equal([run.MessageId], arrived);
            else
                Assert.Equal(DigestStatuses.Ambiguous, run.Status);
        }
    }

    private async Task<(Dictionary<string, string> Env, string ConnectionString)> SetUpAsync(SmtpServerFixture smtp)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { ApplicationName = ApplicationName }.ConnectionString;
        using (var host = new WatcherTestHost(Unnamed(connectionString)))
            await host.Get<DatabaseMigrator>().MigrateAsync(default);
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Watcher"] = connectionString,
            ["Digest__Recipients__0"] = "desk@example.org",
            ["Smtp__Host"] = smtp.Host,
            ["Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__From"] = "veille@watcher.example",
        };
        return (env, connectionString);
    }

    /// <summary>Titles different enough that no two are grouped as one story, short enough not to wrap.</summary>
    private static async Task<List<string>> AddHitsAsync(string connectionString, int from, int count)
    {
        using var host = new WatcherTestHost(Unnamed(connectionString));
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        var feed = await db.Feeds.FirstOrDefaultAsync();
        if (feed is null)
        {
            feed = new Feed { Url = "https://journaldumali.example/rss", Name = "Journal du Mali", CreatedAt = DateTimeOffset.UtcNow };
            db.Feeds.Add(feed);
            await db.SaveChangesAsync();
        }
        var titles = Enumerable.Range(from, count).Select(n => $"Dépêche {n:000}").ToList();
        db.Hits.AddRange(titles.Select((title, i) => new Hit
        {
            FeedId = feed.Id, Title = title, Link = $"https://journaldumali.example/{from + i}", Summary = "Moscou et Bamako.",
            Score = 2, PublishedAt = DateTimeOffset.UtcNow.AddMinutes(-20), FoundAt = DateTimeOffset.UtcNow.AddMinutes(-5), MatchedTerms = ["Moscou"],
        }));
        await db.SaveChangesAsync();
        return titles;
    }

    private static List<string> Occurrences(IReadOnlyList<MimeMessage> mails, string title) =>
        [.. mails.Where(m => m.TextBody!.Contains(title, StringComparison.Ordinal)).Select(m => m.Header("Message-ID")!)];

    /// <summary>The phase write before connecting waits in the database, so the run stays "claimed" while the process is killed.</summary>
    private static Task HoldTheConnectingPhaseAsync(string connectionString, bool hold) => ExecuteAsync(connectionString, hold
        ? """
          CREATE FUNCTION hold_connecting() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN IF NEW.phase = 'connecting' THEN PERFORM pg_sleep(3); END IF; RETURN NEW; END $$;
          CREATE TRIGGER hold_connecting BEFORE UPDATE ON digests FOR EACH ROW EXECUTE FUNCTION hold_connecting();
          """
        : "DROP TRIGGER hold_connecting ON digests; DROP FUNCTION hold_connecting();");

    private static async Task WaitForASleepingUpdateAsync(string connectionString)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (await ScalarAsync<long>(connectionString,
                    $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND wait_event = 'PgSleep'") > 0)
                return;
            await Task.Delay(30);
        }
        Assert.Fail("the sender never reached its phase write before connecting");
    }

    /// <summary>The killed process's server sessions end (and its locks with them) a moment after it dies.</summary>
    private static async Task WaitUntilItsSessionsAreGoneAsync(string connectionString)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (await ScalarAsync<long>(connectionString,
                    $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ApplicationName}' AND pid <> pg_backend_pid()") == 0)
                return;
            await Task.Delay(30);
        }
        Assert.Fail("the killed process's database sessions never ended");
    }

    private static async Task WaitForARunAsync(string connectionString, long lastRun, WatcherProcess process)
    {
        for (var i = 0; i < 2000 && !process.HasExited; i++)
        {
            if (await LastRunAsync(connectionString) > lastRun)
                return;
            await Task.Delay(15);
        }
    }

    private static Task<long> LastRunAsync(string connectionString) => ScalarAsync<long>(connectionString, "SELECT coalesce(max(id), 0) FROM digests");

    private static Task<string?> PhaseOfTheRunSendingAsync(string connectionString) =>
        ScalarAsync<string?>(connectionString, "SELECT phase FROM digests WHERE status = 'sending'");

    private static async Task<List<(long Id, string Status, string MessageId)>> RunsAsync(string connectionString)
    {
        using var host = new WatcherTestHost(Unnamed(connectionString));
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        return [.. (await db.Digests.AsNoTracking().Select(d => new { d.Id, d.Status, d.MessageId }).ToListAsync()).Select(d => (d.Id, d.Status, d.MessageId))];
    }

    /// <summary>Which run claimed each hit for the list, by the hit's title.</summary>
    private static async Task<Dictionary<string, long>> ClaimsAsync(string connectionString)
    {
        using var host = new WatcherTestHost(Unnamed(connectionString));
        await using var db = await host.Get<IDbContextFactory<WatcherDbContext>>().CreateDbContextAsync();
        return await db.DigestHits.Where(c => c.ListName == DigestKinds.DefaultList)
            .Join(db.Hits, c => c.HitId, h => h.Id, (c, h) => new { h.Title, c.DigestId })
            .ToDictionaryAsync(x => x.Title, x => x.DigestId);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unnamed(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unnamed(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }

    /// <summary>The test's own queries do not count as the watcher process's sessions.</summary>
    private static string Unnamed(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "watcher-kill-test-probe" }.ConnectionString;
}
