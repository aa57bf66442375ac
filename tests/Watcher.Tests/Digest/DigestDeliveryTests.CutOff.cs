using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>
/// Runs a crash left "sending", settled by how far they got, and sends that broke off after the message
/// data went out. The process kills themselves are in <see cref="DigestKillTests"/>; here the database
/// holds what a killed sender leaves behind.
/// </summary>
public sealed partial class DigestDeliveryTests
{
    [Fact]
    public async Task Run_cut_off_before_the_data_gives_its_hits_back_and_the_retry_ladder_sends_them()
    {
        var hit = await AddHitAsync(_feedA, "Moscou livre du carburant au Mali", "https://journaldumali.example/fuel", "Livraison.", 2);
        var options = Options();
        options.RetryDelays = [TimeSpan.FromMinutes(5)];
        var dispatcher = Dispatcher(options);
        var cut = await CutOffRunAsync(DigestPhases.Connecting, $"smtp {_smtp.Host}:{_smtp.Port}", hit);

        await dispatcher.SettleCutOffRunsAsync(default);

        var settled = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal((cut, DigestStatuses.Failed), (settled.Id, settled.Status));
        Assert.Contains("cut off at phase connecting", settled.Error, StringComparison.Ordinal);
        Assert.Contains(_log.Records, r => r.EventId == 323 && r.Message.StartsWith($"Digest {cut} ", StringComparison.Ordinal));
        Assert.Empty(await dispatcher.RetryFailedAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var retried = Assert.Single(await dispatcher.RetryFailedAsync(default));
        Assert.Equal((DigestSendStatus.Sent, 1), (retried.Status, retried.HitCount));
        Assert.Contains("Moscou livre du carburant", Assert.Single(await ReceivedAsync(1)).TextBody, StringComparison.Ordinal);
        Assert.Empty(await dispatcher.UnconfirmedAsync(default));
    }

    [Fact]
    public async Task Run_whose_sender_still_holds_its_lock_is_left_alone()
    {
        var hit = await AddHitAsync(_feedA, "Bamako et Moscou signent un accord", "https://journaldumali.example/accord", "Accord.", 2);
        var dispatcher = Dispatcher(Options());
        var running = await CutOffRunAsync(DigestPhases.Connecting, $"smtp {_smtp.Host}:{_smtp.Port}", hit);

        // Its sender, in another process, is alive: it holds the run's lock on its own session.
        await using (var sender = await DigestRunLease.OpenConnectionAsync(_connectionString, default))
        {
            await DigestRunLease.LockAsync(sender, running, default);
            await dispatcher.SettleCutOffRunsAsync(default);
            var alive = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
            Assert.Equal(DigestStatuses.Sending, alive.Status);
            Assert.Contains("[phase connecting]", global::Watcher.Cli.DigestCommands.Row(alive), StringComparison.Ordinal);
            Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        }

        // Its session is gone (the process died): the next send settles it and sends the hit.
        await WaitUntilNoRunIsLockedAsync();
        var sent = await dispatcher.SendPendingAsync(default);

        Assert.Equal((DigestSendStatus.Sent, 1), (sent.Status, sent.HitCount));
        Assert.Single(await ReceivedAsync(1));
        Assert.Equal([DigestStatuses.Sent, DigestStatuses.Failed], (await dispatcher.HistoryAsync(null, 10, default)).Select(h => h.Status));
    }

    [Fact]
    public async Task Run_cut_off_after_the_data_is_never_sent_again_is_shown_to_admins_and_resend_clears_it()
    {
        var hit = await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
        var dispatcher = Dispatcher(Options());
        var preview = await dispatcher.PreviewAsync(null, default);
        var cut = await CutOffRunAsync(DigestPhases.DataSent, $"smtp {_smtp.Host}:{_smtp.Port}", hit);

        await dispatcher.SettleCutOffRunsAsync(default);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        Assert.Empty(await dispatcher.RetryFailedAsync(default));

        Assert.Empty(_smtp.ReceivedMessages());
        var ambiguous = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal((DigestStatuses.Ambiguous, true), (ambiguous.Status, ambiguous.AwaitsCheck));
        Assert.Contains(_log.Records, r => r.EventId == 303 && r.Message.Contains($"`watcher digest resend {cut}`", StringComparison.Ordinal));
        Assert.Equal([cut], (await dispatcher.UnconfirmedAsync(default)).Select(u => u.Id));
        Assert.Contains($"[may not have arrived: check the mailbox for this Message-ID, then `watcher digest resend {cut}`",
            global::Watcher.Cli.DigestCommands.Row(ambiguous), StringComparison.Ordinal);

        // The next digest tells the admins, with the Message-ID to look for.
        await AddHitAsync(_feedB, "Moscou forme des magistrats maliens", "https://studiotamani.example/3", "Formation.", 2);
        Assert.Contains($"- L’envoi {cut} (digest, liste desk", (await dispatcher.PreviewAsync(null, default)).Digest!.Text, StringComparison.Ordinal);
        Assert.Equal(DigestSendStatus.Sent, (await dispatcher.SendPendingAsync(default)).Status);
        var footer = await FooterAsync();
        Assert.Contains($"- L’envoi {cut} (digest, liste desk, 1 article) n’est peut-être pas arrivé\u00A0: chercher le Message-ID {ambiguous.MessageId} dans la boîte, "
            + $"puis « watcher digest resend {cut} », ou « watcher digest dismiss {cut} » s’il est arrivé", footer, StringComparison.Ordinal);

        var resent = await dispatcher.ResendAsync(cut, default);

        Assert.Equal(DigestSendStatus.Sent, resent.Status);
        var mail = (await ReceivedAsync(2)).Single(m => m.Header("Message-ID") == resent.MessageId);
        Assert.Equal(preview.Digest!.Text.ReplaceLineEndings("\n"), mail.TextBody!.ReplaceLineEndings("\n"));
        Assert.NotEqual(ambiguous.MessageId, resent.MessageId);
        Assert.Empty(await dispatcher.UnconfirmedAsync(default));
        var history = await dispatcher.HistoryAsync(null, 10, default);
        Assert.Equal(cut, history[0].ResendOf);
        var original = history.Single(h => h.Id == cut);
        Assert.Equal((DigestStatuses.Ambiguous, false, _clock.GetUtcNow()), (original.Status, original.AwaitsCheck, original.CheckedAt));
    }

    [Fact]
    public async Task Ambiguous_run_found_in_the_mailbox_is_dismissed()
    {
        var hit = await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
        var dispatcher = Dispatcher(Options());
        var cut = await CutOffRunAsync(DigestPhases.DataSent, $"smtp {_smtp.Host}:{_smtp.Port}", hit);
        await dispatcher.SettleCutOffRunsAsync(default);

        Assert.True(await dispatcher.DismissAsync(cut, default));
        Assert.False(await dispatcher.DismissAsync(cut, default));

        Assert.Empty(await dispatcher.UnconfirmedAsync(default));
        Assert.Contains(_log.Records, r => r.EventId == 326);
        // Dismissed, its hit stays with it: the admin found the digest in the mailbox.
        Assert.Equal(0, (await dispatcher.PreviewAsync(null, default)).HitCount);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.DismissAsync(cut + 1, default));
        Assert.Contains($"no digest with id {cut + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_ambiguous_run_can_be_dismissed()
    {
        await AddHitAsync(_feedA, "Moscou et Bamako", "https://journaldumali.example/d", "Texte.", 1);
        var dispatcher = Dispatcher(Options());
        var sent = await dispatcher.SendPendingAsync(default);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.DismissAsync(sent.DigestId!.Value, default));

        Assert.Contains("is sent: only an ambiguous digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_recorded_without_a_phase_is_left_ten_minutes_then_counts_as_ambiguous()
    {
        var hit = await AddHitAsync(_feedA, "Moscou livre du carburant au Mali", "https://journaldumali.example/fuel", "Livraison.", 2);
        var dispatcher = Dispatcher(Options());
        // A version that recorded no phases (and took no lock) may still be sending it during an upgrade.
        var legacy = await CutOffRunAsync(null, null, hit);

        _clock.Advance(TimeSpan.FromMinutes(9));
        await dispatcher.SettleCutOffRunsAsync(default);
        Assert.Equal(DigestStatuses.Sending, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await dispatcher.SettleCutOffRunsAsync(default);

        Assert.Equal(DigestStatuses.Ambiguous, Assert.Single(await dispatcher.HistoryAsync(null, 10, default)).Status);
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        Assert.Equal([legacy], (await dispatcher.UnconfirmedAsync(default)).Select(u => u.Id));
    }

    [Fact]
    public async Task Outbox_run_cut_off_is_sent_when_its_file_exists_and_released_when_not()
    {
        var outbox = Directory.CreateTempSubdirectory("watcher-outbox-cut-").FullName;
        try
        {
            var written = await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
            var lost = await AddHitAsync(_feedB, "Moscou forme des magistrats maliens", "https://studiotamani.example/3", "Formation.", 2);
            var options = Options();
            options.OutboxDirectory = outbox;
            var dispatcher = Dispatcher(options, smtp: new SmtpSettings { From = "veille@watcher.example" });
            var renamed = await CutOffRunAsync(DigestPhases.Writing, outbox, written);
            var staged = await CutOffRunAsync(DigestPhases.Writing, outbox, lost);
            string messageId;
            await using (var db = await Db())
                messageId = (await db.Digests.SingleAsync(d => d.Id == renamed)).MessageId;
            // What the writer leaves: the first run's file renamed into place, the second's still hidden.
            var file = Path.Combine(outbox, $"digest-20261121-233000-{messageId.Trim('<', '>').Split('@')[0]}.eml");
            await File.WriteAllTextAsync(file, "Subject: x\r\n\r\nx\r\n");
            await File.WriteAllTextAsync(Path.Combine(outbox, ".staging-0123456789abcdef.eml"), "Subject: half");

            await dispatcher.SettleCutOffRunsAsync(default);

            var history = await dispatcher.HistoryAsync(null, 10, default);
            Assert.Equal((DigestStatuses.Sent, file), (history.Single(h => h.Id == renamed).Status, history.Single(h => h.Id == renamed).DeliveredTo));
            Assert.Equal(DigestStatuses.Failed, history.Single(h => h.Id == staged).Status);
            Assert.Contains(_log.Records, r => r.EventId == 327 && r.Message.Contains(file, StringComparison.Ordinal));
            Assert.Empty(await dispatcher.UnconfirmedAsync(default));
            var sent = await dispatcher.SendPendingAsync(default);
            Assert.Equal((DigestSendStatus.Sent, 1), (sent.Status, sent.HitCount));
            using var again = await MimeKit.MimeMessage.LoadAsync(sent.Detail!);
            Assert.Contains("Moscou forme des magistrats", again.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task Outbox_run_of_personal_messages_cut_off_counts_as_sent_to_those_whose_file_exists()
    {
        var outbox = Directory.CreateTempSubdirectory("watcher-outbox-cut-").FullName;
        try
        {
            var hit = await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
            var options = Options();
            options.OutboxDirectory = outbox;
            var dispatcher = Dispatcher(options, smtp: new SmtpSettings { From = "veille@watcher.example" });
            var run = await CutOffRunAsync(DigestPhases.Writing, outbox, hit);
            string messageId;
            await using (var db = await Db())
            {
                var recorded = await db.Digests.SingleAsync(d => d.Id == run);
                recorded.Recipients = ["ana@example.org", "ben@example.org", "chloe@example.org"];
                recorded.LinkSlot = "0123456789abcdef";
                messageId = recorded.MessageId;
                await db.SaveChangesAsync();
            }
            // The first and third recipients' files reached their names; the second's never did.
            var left = messageId.Trim('<', '>').Split('@')[0];
            foreach (var n in new[] { 1, 3 })
                await File.WriteAllTextAsync(Path.Combine(outbox, $"digest-20261121-233000-{left}.{n}.eml"), "Subject: x\r\n\r\nx\r\n");

            await dispatcher.SettleCutOffRunsAsync(default);

            var settled = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
            Assert.Equal((DigestStatuses.Sent, $"2 file(s) in {outbox}"), (settled.Status, settled.DeliveredTo));
            Assert.Contains("ben@example.org", settled.RejectedRecipients, StringComparison.Ordinal);
            Assert.DoesNotContain("ana@example.org", settled.RejectedRecipients, StringComparison.Ordinal);
            Assert.DoesNotContain("chloe@example.org", settled.RejectedRecipients, StringComparison.Ordinal);
            Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task Send_timing_out_after_the_data_is_ambiguous_and_never_sent_twice()
    {
        // The server stores the message, then answers too late for Smtp:Timeout.
        using var slow = new SmtpServerFixture(new SmtpServerOptions
        {
            Delays = new Dictionary<SmtpStallPoint, TimeSpan> { [SmtpStallPoint.Data] = TimeSpan.FromSeconds(30) },
            DelayOnce = true,
        });
        await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);
        var options = Options();
        options.RetryDelays = [TimeSpan.FromMinutes(5)];
        var dispatcher = Dispatcher(options, smtp: SmtpTo(slow) with { Timeout = TimeSpan.FromSeconds(2) });

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Unconfirmed, result.Status);
        Assert.Contains("may have arrived", result.Detail, StringComparison.Ordinal);
        Assert.Contains(_log.Records, r => r.EventId == 324 && r.Level == LogLevel.Warning && r.Message.Contains(result.MessageId!, StringComparison.Ordinal));
        foreach (var wait in new[] { 5, 15, 60 })
        {
            _clock.Advance(TimeSpan.FromMinutes(wait));
            await dispatcher.SettleCutOffRunsAsync(default);
            await dispatcher.RetryFailedAsync(default);
            await dispatcher.SendPendingAsync(default);
        }
        var mail = Assert.Single(await slow.WaitForMessagesAsync(1, MailWait));
        Assert.Equal(result.MessageId, mail.Header("Message-ID"));
        Assert.Single(slow.ReceivedMessages());
        var run = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal((DigestStatuses.Ambiguous, DigestPhases.DataSent), (run.Status, run.Phase));
    }

    [Fact]
    public async Task Server_refusing_the_data_releases_the_hits()
    {
        using var refusing = new SmtpServerFixture(new SmtpServerOptions { RefuseData = true });
        await AddHitAsync(_feedA, "Moscou livre du blé au Mali", "https://journaldumali.example/ble", "Livraison.", 2);

        var failed = await Dispatcher(Options(), smtp: SmtpTo(refusing)).SendPendingAsync(default);
        var sent = await Dispatcher(Options()).SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Failed, failed.Status);
        Assert.Contains("554", failed.Detail, StringComparison.Ordinal);
        Assert.Empty(refusing.ReceivedMessages());
        Assert.Equal((DigestSendStatus.Sent, 1), (sent.Status, sent.HitCount));
        Assert.Single(await ReceivedAsync(1));
    }

    /// <summary>A closed session's locks go when its server process ends, a moment after the client closed it.</summary>
    private async Task WaitUntilNoRunIsLockedAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()",
            connection);
        for (var i = 0; i < 200; i++)
        {
            if ((long)(await query.ExecuteScalarAsync())! == 0)
                return;
            await Task.Delay(50);
        }
        Assert.Fail("a closed session still holds a run's lock");
    }

    /// <summary>What a sender killed at <paramref name="phase"/> leaves: the run "sending" with its claims, and no lock.</summary>
    private async Task<long> CutOffRunAsync(string? phase, string? destination, params long[] hits)
    {
        var preview = await Dispatcher(Options()).PreviewAsync(null, default);
        await using var db = await Db();
        var run = new DigestRun
        {
            CreatedAt = _clock.GetUtcNow(), Status = DigestStatuses.Sending, Phase = phase, PhaseAt = phase is null ? null : _clock.GetUtcNow(),
            Destination = destination, MessageId = $"<digest.desk.{Guid.NewGuid():N}@watcher.example>", Recipients = ["desk@example.org"],
            HitCount = hits.Length, Subject = preview.Digest!.Subject, TextBody = preview.Digest.Text, HtmlBody = preview.Digest.Html,
        };
        db.Digests.Add(run);
        await db.SaveChangesAsync();
        db.DigestHits.AddRange(hits.Select(h => new DigestHit { DigestId = run.Id, HitId = h, ListName = "desk" }));
        await db.SaveChangesAsync();
        return run.Id;
    }
}
