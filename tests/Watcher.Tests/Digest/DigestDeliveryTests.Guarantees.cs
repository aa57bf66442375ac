using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Watcher.Data;
using Watcher.Digest;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>At most once, never stranded: the dispatcher's promises when the database, the service or another run gets in the way.</summary>
public sealed partial class DigestDeliveryTests
{
    [Fact]
    public async Task Mail_accepted_but_not_marked_sent_is_never_sent_again()
    {
        await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
        var dispatcher = Dispatcher(Options());
        // The database refuses the "sent" update that follows the SMTP server's acceptance.
        await using (var db = await Db())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.status = 'sent' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER refuse_sent BEFORE UPDATE ON digests FOR EACH ROW EXECUTE FUNCTION refuse_sent();
                """);
        }

        var result = await dispatcher.SendPendingAsync(default);
        Assert.Single(await ReceivedAsync(1));
        await using (var db = await Db())
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_sent ON digests");

        // Every later chance to send it again: the retry ladder, the half-sent check, the next cron.
        foreach (var wait in new[] { 5, 15, 30, 60 })
        {
            _clock.Advance(TimeSpan.FromMinutes(wait));
            await dispatcher.SettleCutOffRunsAsync(default);
            await dispatcher.RetryFailedAsync(default);
            await dispatcher.SendPendingAsync(default);
        }

        Assert.Single(_smtp.ReceivedMessages());
        Assert.Equal(DigestSendStatus.Sent, result.Status);
        Assert.Contains(_log.Records, r => r.EventId == 319 && r.Message.Contains("disk full", StringComparison.Ordinal));
        Assert.Equal(DigestStatuses.Ambiguous, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
    }

    [Fact]
    public async Task Stopping_the_service_during_a_resend_still_delivers_it()
    {
        await AddHitAsync(_feedA, "Moscou ouvre un centre culturel à Bamako", "https://journaldumali.example/centre", "Inauguration.", 2);
        var sent = await Dispatcher(Options()).SendPendingAsync(default);
        using var stopping = new CancellationTokenSource();
        // SIGTERM arrives right after the resend was recorded "sending" (event 316), before the SMTP exchange.
        var dispatcher = Dispatcher(Options(), new CancellingLogger(_log, 316, stopping));

        var resent = await dispatcher.ResendAsync(sent.DigestId!.Value, stopping.Token);

        Assert.True(stopping.IsCancellationRequested);
        Assert.Equal(DigestSendStatus.Sent, resent.Status);
        Assert.Equal(2, (await ReceivedAsync(2)).Count);
        Assert.All(await dispatcher.HistoryAsync(null, 10, default), h => Assert.Equal(DigestStatuses.Sent, h.Status));
    }

    [Fact]
    public async Task Stopping_the_service_after_the_claim_still_delivers_the_digest()
    {
        await AddHitAsync(_feedA, "Bamako et Moscou signent un accord sur l'énergie", "https://journaldumali.example/energie", "Accord.", 2);
        using var stopping = new CancellationTokenSource();
        // SIGTERM arrives right after the hits were claimed (event 317), before the SMTP exchange.
        var dispatcher = Dispatcher(Options(), new CancellingLogger(_log, 317, stopping));

        var result = await dispatcher.SendPendingAsync(null, stopping.Token);

        Assert.True(stopping.IsCancellationRequested);
        Assert.Equal((DigestSendStatus.Sent, 1), (result.Status, result.HitCount));
        Assert.Single(await ReceivedAsync(1));
        Assert.Equal(DigestStatuses.Sent, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
    }

    [Fact]
    public async Task A_message_that_cannot_be_built_releases_its_hits()
    {
        await AddHitAsync(_feedA, "Accord Mali–Russie sur le lithium", "https://journaldumali.example/lithium", "Accord.", 2);
        var broken = Options();
        broken.Recipients = ["desk at example.org"];

        var failed = await Dispatcher(broken).SendPendingAsync(default);
        var sent = await Dispatcher(Options()).SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Failed, failed.Status);
        Assert.Contains("desk at example.org", failed.Detail, StringComparison.Ordinal);
        Assert.Equal((DigestSendStatus.Sent, 1), (sent.Status, sent.HitCount));
        Assert.Contains("lithium", Assert.Single(await ReceivedAsync(1)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_before_the_claim_claims_nothing()
    {
        await AddHitAsync(_feedA, "Accord Mali–Russie", "https://journaldumali.example/stop", "Accord.", 2);
        var dispatcher = Dispatcher(Options());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.SendPendingAsync(null, new CancellationToken(canceled: true)));

        Assert.Empty(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal(1, (await dispatcher.PreviewAsync(null, default)).HitCount);
    }

    [Fact]
    public async Task A_run_that_claimed_the_same_hit_first_wins_and_the_other_sends_the_rest()
    {
        var taken = await AddHitAsync(_feedA, "Les FAMa reçoivent des blindés russes", "https://journaldumali.example/blindes", "Livraison.", 3);
        await AddHitAsync(_feedB, "Moscou accorde des bourses à Bamako", "https://studiotamani.example/bourses", "Cent bourses.", 2);
        var dispatcher = Dispatcher(Options());

        // Another instance has claimed the first hit and not committed yet.
        await using var other = await Db();
        await using var transaction = await other.Database.BeginTransactionAsync();
        var rival = new DigestRun
        {
            CreatedAt = _clock.GetUtcNow(), Status = DigestStatuses.Sending, MessageId = "<digest.desk.rival@watcher.example>",
            Recipients = ["desk@example.org"], HitCount = 1,
        };
        other.Digests.Add(rival);
        await other.SaveChangesAsync();
        other.DigestHits.Add(new DigestHit { DigestId = rival.Id, HitId = taken, ListName = "desk" });
        await other.SaveChangesAsync();

        var sending = dispatcher.SendPendingAsync(default);
        await WaitUntilAClaimWaitsForTheRivalAsync();
        await transaction.CommitAsync();
        var result = await sending;

        Assert.Equal((DigestSendStatus.Sent, 1), (result.Status, result.HitCount));
        var mail = Assert.Single(await ReceivedAsync(1));
        Assert.Contains("Moscou accorde des bourses", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("blindés", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(_log.Records, r => r.EventId == 318);
    }

    /// <summary>Our insert of the contested claim blocks on the rival's uncommitted row of the unique index.</summary>
    private async Task WaitUntilAClaimWaitsForTheRivalAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        for (var i = 0; i < 400; i++)
        {
            if ((long)(await query.ExecuteScalarAsync())! > 0)
                return;
            await Task.Delay(50);
        }
        Assert.Fail("the dispatcher never reached the contested claim");
    }

    [Fact]
    public async Task Nothing_left_to_send_ends_the_failure_streak()
    {
        var chatty = Options();
        chatty.SendWhenEmpty = true;
        chatty.RetryDelays = [TimeSpan.FromMinutes(5)];
        _smtp.Stop();
        Assert.Equal(DigestSendStatus.Failed, (await Dispatcher(chatty).SendPendingAsync(default)).Status);

        // The admin turns the empty-day mail off: the failed one has nothing left to send.
        var quiet = Options();
        quiet.RetryDelays = [TimeSpan.FromMinutes(5)];
        var dispatcher = Dispatcher(quiet);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([DigestSendStatus.NothingPending], (await dispatcher.RetryFailedAsync(default)).Select(r => r.Status));

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        Assert.Equal(DigestStatuses.Superseded, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
        Assert.Contains(_log.Records, r => r.EventId == 320);
    }

    [Fact]
    public async Task Admin_footer_names_feeds_the_server_removed()
    {
        await using (var db = await Db())
        {
            var gone = await db.Feeds.SingleAsync(f => f.Id == _feedB);
            gone.Enabled = false;
            gone.FailingSince = _clock.GetUtcNow().AddHours(-5);
            gone.DisabledReason = "HTTP 410 Gone: the server says the feed was removed";
            await db.SaveChangesAsync();
        }
        await AddHitAsync(_feedA, "Moscou et Bamako", "https://journaldumali.example/g", "Texte.", 1);

        await Dispatcher(Options()).SendPendingAsync(default);

        var footer = await FooterAsync();
        Assert.Contains("- Studio Tamani — désactivé depuis le 21 nov. 2026 à 18:30 (HTTP 410 Gone: the server says the feed was removed)", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("Studio Tamani — en échec", footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_footer_reads_a_feeds_usual_rhythm_from_the_last_30_days_only()
    {
        var now = _clock.GetUtcNow();
        await using (var db = await Db())
        {
            // Two months between its two items, both older than the window: the plain SilentAfter applies.
            var slow = await db.Feeds.SingleAsync(f => f.Id == _feedC);
            slow.LastNewItemAt = now.AddDays(-4);
            db.SeenItems.AddRange(
                new SeenItem { FeedId = _feedC, Identity = "old-1", FirstSeenAt = now.AddDays(-100) },
                new SeenItem { FeedId = _feedC, Identity = "old-2", FirstSeenAt = now.AddDays(-40) });
            await db.SaveChangesAsync();
        }
        await AddHitAsync(_feedA, "Moscou et Bamako", "https://journaldumali.example/g", "Texte.", 1);

        await Dispatcher(Options()).SendPendingAsync(default);

        Assert.Contains("- Wire & <b>Co</b> — aucun nouvel article depuis le 17 nov. 2026 à 23:30", await FooterAsync(), StringComparison.Ordinal);
    }

    private async Task<string> FooterAsync()
    {
        var text = Assert.Single(await ReceivedAsync(1)).TextBody!.ReplaceLineEndings("\n");
        // Long lines are wrapped with an indent; read them joined.
        return text[text.IndexOf("\n-- \n", StringComparison.Ordinal)..].Replace("\n   ", " ", StringComparison.Ordinal);
    }

    /// <summary>Cancels a token when the dispatcher logs one event: a stop signal at an exact point of its work.</summary>
    private sealed class CancellingLogger(ILogger<DigestDispatcher> inner, int eventId, CancellationTokenSource source) : ILogger<DigestDispatcher>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            inner.Log(logLevel, id, state, exception, formatter);
            if (id.Id == eventId)
                source.Cancel();
        }
    }
}
