using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Watcher.Data;
using Watcher.Links;
using Watcher.Telemetry;

namespace Watcher.Digest;

/// <summary>
/// Sends each list its digests and alerts, at most once per (list, hit): the run, its Message-ID and
/// its exact content are recorded and the hits claimed in one transaction before sending, and how far
/// the send got is recorded as it goes (<see cref="DigestPhases"/>). A send the server refused, or one
/// cut off before any message data went out, releases its hits for the next attempt; a run whose
/// outcome is unknown (cut off after the data went out, or sent but not marked) is never sent again by
/// itself: it is "ambiguous" until an admin resends or dismisses it. With Http:PublicBaseUrl set, a run
/// is one message per recipient (each with its own signed links and Message-ID), sent on one
/// connection; a recipient whose message fails is recorded as refused and is not sent the others' again.
/// </summary>
public sealed partial class DigestDispatcher(
    IDbContextFactory<WatcherDbContext> dbFactory,
    DigestTransportFactory transports,
    DigestLinkFactory links,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    WatcherMetrics metrics,
    ILogger<DigestDispatcher> logger)
{
    // Options are fixed for the process's life; the time zones are looked up once, not every minute.
    private readonly Lazy<IReadOnlyList<DigestList>> _lists = new(() => options.Value.ResolveLists());
    private string? _connectionString;

    public IReadOnlyList<DigestList> Lists => _lists.Value;

    /// <summary>The default (first) list's digest.</summary>
    public Task<DigestSendResult> SendPendingAsync(CancellationToken ct) => SendPendingAsync(null, ct);

    /// <summary>
    /// Sends the list's digest of pending hits, or the « rien de nouveau » mail when the list wants one.
    /// Runs an earlier process was cut off in are settled first, so hits they gave back go now.
    /// <paramref name="ct"/> only stops the work before the hits are claimed: a claimed run is always
    /// sent (bounded by Smtp:Timeout), so stopping the service never strands it.
    /// </summary>
    /// <exception cref="ArgumentException">No list of that name.</exception>
    public async Task<DigestSendResult> SendPendingAsync(string? listName, CancellationToken ct)
    {
        var list = FindList(listName);
        await SettleCutOffRunsAsync(ct);
        return (await SendListAsync(list, ct)).Result;
    }

    /// <returns>Raced: nothing was sent because other runs kept claiming the same hits, not because none were pending.</returns>
    private async Task<(DigestSendResult Result, bool Raced)> SendListAsync(DigestList list, CancellationToken ct)
    {
        var (lease, raced, noRecipients) = await ClaimAsync(list, DigestMailKind.Digest, ct);
        if (noRecipients)
            return (new DigestSendResult(DigestSendStatus.NoRecipients, null, 0, null) { ListName = list.Name }, false);
        if (lease is null)
        {
            logger.DigestListNothingPending(list.Name);
            return (new DigestSendResult(DigestSendStatus.NothingPending, null, 0, null) { ListName = list.Name }, raced);
        }
        return (await DeliverAsync(list, lease), false);
    }

    /// <summary>Immediate alerts for every list with an alert score whose retry delay (after a failure) has passed.</summary>
    public async Task<IReadOnlyList<DigestSendResult>> SendDueAlertsAsync(CancellationToken ct)
    {
        var results = new List<DigestSendResult>();
        foreach (var list in Lists.Where(l => l.AlertScore is not null))
        {
            var streak = await StreakAsync(list, alerts: true, ct);
            if (clock.GetUtcNow() < streak.NextTry(options.Value.EffectiveRetryDelays))
                continue;
            var (lease, raced, noRecipients) = await ClaimAsync(list, DigestMailKind.Alert, ct);
            if (lease is not null)
                results.Add(await DeliverAsync(list, lease));
            else if (streak.Count > 0 && !raced && !noRecipients)
                await EndStreakAsync(list, alerts: true, streak, ct);
        }
        return results;
    }

    /// <summary>
    /// Sends again the digest of each list whose last attempt failed, once its back-off delay has passed.
    /// When nothing is left to send (the hits went out with another run, the empty-day mail is no longer
    /// wanted) the failed runs are marked superseded and the list is no longer retried.
    /// </summary>
    public async Task<IReadOnlyList<DigestSendResult>> RetryFailedAsync(CancellationToken ct)
    {
        var results = new List<DigestSendResult>();
        foreach (var list in Lists)
        {
            var streak = await StreakAsync(list, alerts: false, ct);
            if (streak.Count == 0 || clock.GetUtcNow() < streak.NextTry(options.Value.EffectiveRetryDelays))
                continue;
            var (result, raced) = await SendListAsync(list, ct);
            if (result.Status == DigestSendStatus.NothingPending && !raced)
                await EndStreakAsync(list, alerts: false, streak, ct);
            results.Add(result);
        }
        return results;
    }

    /// <summary>Exactly what <see cref="SendPendingAsync(string?, CancellationToken)"/> would send now, without sending or marking anything.</summary>
    public async Task<DigestPreview> PreviewAsync(string? listName, CancellationToken ct)
    {
        var list = FindList(listName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var entries = await DigestQueries.EntriesAsync(await DigestQueries.PendingForDigestAsync(db, list, now, options.Value.Lookback, ct), ct);
        var recipients = await ListOptOuts.ActiveAsync(db, list.Name, transports.RecipientsFor(list), ct);
        if ((entries.Count == 0 && !list.SendWhenEmpty) || recipients.Length == 0)
            return new DigestPreview(list, null, 0, recipients);
        var health = await DigestQueries.HealthAsync(db, now, options.Value.SilentAfter, ct) with { Unconfirmed = await DigestQueries.AmbiguousRunsAsync(db, ct) };
        // The first recipient's message: what it shows is what that recipient would get, links included.
        var digest = Render(list, entries, DigestMailKind.Digest, health, now, links.For(list.Name, recipients[0]));
        return new DigestPreview(list, digest, entries.Count, recipients);
    }

    public async Task<IReadOnlyList<DigestHistoryEntry>> HistoryAsync(string? listName, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = db.Digests.AsQueryable();
        if (!string.IsNullOrWhiteSpace(listName))
            runs = runs.Where(d => d.ListName == listName);
        return await runs.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Max(1, limit))
            .Select(d => new DigestHistoryEntry(d.Id, d.ListName, d.Kind, d.CreatedAt, d.SentAt, d.Status, d.HitCount,
                d.Subject, d.MessageId, d.ResendOf, d.DeliveredTo, d.Error, d.RejectedRecipients) { Phase = d.Phase, CheckedAt = d.CheckedAt })
            .ToListAsync(ct);
    }

    /// <summary>
    /// Sends a past digest again, word for word, with a new Message-ID, to the list's current recipients
    /// (the original ones if the list is gone). Claims nothing: the hits were already accounted for.
    /// Once it is sent, an ambiguous original no longer awaits a check.
    /// </summary>
    /// <exception cref="ArgumentException">No such digest, or one recorded without its content.</exception>
    public async Task<DigestSendResult> ResendAsync(long digestId, CancellationToken ct)
    {
        DigestRun original;
        DigestList? configured;
        string[] recipients;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            original = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == digestId, ct)
                ?? throw new ArgumentException($"no digest with id {digestId}; see `watcher digest history`");
            if (original.Subject is null || original.TextBody is null || original.HtmlBody is null)
                throw new ArgumentException($"digest {digestId} was recorded without its content and cannot be sent again");
            configured = Lists.FirstOrDefault(l => string.Equals(l.Name, original.ListName, StringComparison.OrdinalIgnoreCase));
            if (original.LinkSlot is not null && !links.Enabled)
                throw new ArgumentException($"digest {digestId} carries each recipient's own links; set {DigestLinkOptions.PublicBaseUrlKey} to send it again");
            recipients = await ListOptOuts.ActiveAsync(db, original.ListName, configured is null ? original.Recipients : transports.RecipientsFor(configured), ct);
            if (recipients.Length == 0)
                throw new ArgumentException($"every recipient of list {original.ListName} has unsubscribed (see `watcher lists`)");
        }
        var list = configured ?? new DigestList(original.ListName, original.Recipients, "", TimeZoneInfo.Utc, "fr", null, false, null, null);
        var run = new DigestRun
        {
            ListName = original.ListName,
            Kind = original.Kind,
            ResendOf = original.Id,
            CreatedAt = clock.GetUtcNow(),
            Status = DigestStatuses.Sending,
            Phase = DigestPhases.Claimed,
            PhaseAt = clock.GetUtcNow(),
            MessageId = NewMessageId(original.Kind, original.ListName),
            Recipients = recipients,
            HitCount = original.HitCount,
            Subject = original.Subject,
            TextBody = original.TextBody,
            HtmlBody = original.HtmlBody,
            LinkSlot = original.LinkSlot,
        };
        var connection = await DigestRunLease.OpenConnectionAsync(await ConnectionStringAsync(ct), ct);
        try
        {
            await using var db = await ContextOnAsync(connection, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AddLockedAsync(db, connection, run, ct);
            // Not ct: once committed the run is delivered whatever happens to ct (see DeliverAsync).
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        logger.DigestResent(run.Id, digestId, run.ListName);
        var result = await DeliverAsync(list, new DigestRunLease(connection, run, clock));
        if (result.Status == DigestSendStatus.Sent && original.Status == DigestStatuses.Ambiguous)
            await MarkCheckedAsync(digestId, CancellationToken.None);
        return result;
    }

    private DigestList FindList(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Lists[0];
        return Lists.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no digest list named '{name}'; configured: {string.Join(", ", Lists.Select(l => l.Name))}");
    }

    /// <summary>
    /// Records the run and claims its hits in one transaction, or returns null when nothing is to be sent.
    /// The unique (list, hit) index is what makes "once" hold against a concurrent run or another
    /// instance; read committed is enough. A run that claimed some of the same hits first makes our
    /// insert fail with a unique violation: the hits are then read again, without the ones it took
    /// (once; a second collision skips this round).
    /// </summary>
    /// <returns>NoRecipients: there was something to send, but every recipient of the list has unsubscribed.</returns>
    private async Task<(DigestRunLease? Lease, bool Raced, bool NoRecipients)> ClaimAsync(DigestList list, DigestMailKind kind, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (lease, noRecipients) = await TryClaimAsync(list, kind, ct);
                return (lease, false, noRecipients);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                logger.DigestClaimRaced(list.Name, attempt);
                // Twice in a row: another run is busy with these hits; what it leaves goes with the next run.
                if (attempt == 2)
                    return (null, true, false);
            }
        }
    }

    /// <summary>The claim runs on the lease's own connection: its lock is taken before the claim commits.</summary>
    private async Task<(DigestRunLease? Lease, bool NoRecipients)> TryClaimAsync(DigestList list, DigestMailKind kind, CancellationToken ct)
    {
        var connection = await DigestRunLease.OpenConnectionAsync(await ConnectionStringAsync(ct), ct);
        try
        {
            var (run, noRecipients) = await TryClaimOnAsync(connection, list, kind, ct);
            if (run is not null)
                return (new DigestRunLease(connection, run, clock), false);
            await connection.DisposeAsync();
            return (null, noRecipients);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<(DigestRun? Run, bool NoRecipients)> TryClaimOnAsync(NpgsqlConnection connection, DigestList list, DigestMailKind kind, CancellationToken ct)
    {
        await using var db = await ContextOnAsync(connection, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var alert = kind == DigestMailKind.Alert;
        var pending = alert
            ? DigestQueries.PendingForAlert(db, list, list.AlertScore!.Value, now - options.Value.Lookback)
            : await DigestQueries.PendingForDigestAsync(db, list, now, options.Value.Lookback, ct);
        var entries = await DigestQueries.EntriesAsync(pending, ct);
        if (entries.Count == 0 && (alert || !list.SendWhenEmpty))
            return (null, false);
        // Nothing is claimed: the hits wait for a recipient who comes back (`watcher lists resubscribe`).
        var recipients = await ListOptOuts.ActiveAsync(db, list.Name, transports.RecipientsFor(list), ct);
        if (recipients.Length == 0)
        {
            logger.DigestListEveryoneUnsubscribed(list.Name, alert ? "alert" : "digest", entries.Count);
            return (null, true);
        }

        var health = alert ? FeedHealthReport.None : await DigestQueries.HealthAsync(db, now, options.Value.SilentAfter, ct)
            with { Unconfirmed = await DigestQueries.AmbiguousRunsAsync(db, ct) };
        // Recorded once with placeholders; each recipient's message gets that recipient's links (DeliverAsync).
        var slot = links.Enabled ? DigestLinkFactory.NewSlot() : null;
        var rendered = Render(list, entries, kind, health, now, slot is null ? null : DigestLinkFactory.Placeholders(slot));
        var runKind = alert ? DigestKinds.Alert : entries.Count == 0 ? DigestKinds.Empty : DigestKinds.Digest;
        var run = new DigestRun
        {
            ListName = list.Name,
            Kind = runKind,
            MessageId = NewMessageId(runKind, list.Name),
            CreatedAt = now,
            Status = DigestStatuses.Sending,
            Phase = DigestPhases.Claimed,
            PhaseAt = now,
            Recipients = recipients,
            HitCount = entries.Count,
            Subject = rendered.Subject,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
            LinkSlot = slot,
        };
        await AddLockedAsync(db, connection, run, ct);
        var claimName = alert ? list.AlertClaimName : list.Name;
        db.DigestHits.AddRange(entries.Select(e => new DigestHit { DigestId = run.Id, HitId = e.HitId, ListName = claimName }));
        await db.SaveChangesAsync(ct);
        // Not ct: a commit cut off half-way could leave a committed claim we believe rolled back.
        await transaction.CommitAsync(CancellationToken.None);
        logger.DigestClaimed(run.Id, run.Kind, run.ListName, run.HitCount);
        return (run, false);
    }

    /// <summary>
    /// Adds the run and, before the transaction can commit, takes its lock on this connection: nobody
    /// ever sees the run "sending" without its sender's lock.
    /// </summary>
    private static async Task AddLockedAsync(WatcherDbContext db, NpgsqlConnection connection, DigestRun run, CancellationToken ct)
    {
        db.Digests.Add(run);
        await db.SaveChangesAsync(ct);
        await DigestRunLease.LockAsync(connection, run.Id, ct);
    }

    /// <summary>
    /// Runs after the claim committed, so it takes no CancellationToken: stopping the service waits for it
    /// (the host's shutdown timeout is longer than Smtp:Timeout). A send the transport reports as failed
    /// before the message data went out releases the hits; once the data went out, a broken exchange
    /// makes the run "ambiguous", and a failure to record the server's acceptance leaves it "sending" at
    /// phase data-sent (settled "ambiguous"): either way it is never sent again by itself.
    /// </summary>
    private async Task<DigestSendResult> DeliverAsync(DigestList list, DigestRunLease lease)
    {
        await using var _ = lease;
        var run = lease.Run;
        using var activity = WatcherMetrics.Tracing.StartActivity("watcher.digest.deliver");
        DeliveryReceipt receipt;
        var messages = new List<MimeKit.MimeMessage>();
        try
        {
            messages.AddRange(Messages(list, run));
            receipt = await transports.Create().DeliverAsync(messages, lease, CancellationToken.None);
        }
        catch (DigestDeliveryException e) when (e.MayHaveArrived)
        {
            await MarkAmbiguousAsync(run.Id, e.Message);
            metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Ambiguous);
            logger.DigestMayNotHaveArrived(run.Id, run.Kind, run.ListName, run.HitCount, e.Message, run.MessageId);
            return new DigestSendResult(DigestSendStatus.Unconfirmed, run.Id, run.HitCount, e.Message)
            {
                ListName = run.ListName, Kind = run.Kind, MessageId = run.MessageId,
            };
        }
        catch (Exception e) when (e is DigestDeliveryException or ArgumentException or FormatException)
        {
            // The message could not be built, or the server did not take it: nothing went out.
            await ReleaseAsync(run.Id, e.Message);
            metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Failed);
            if (run.ResendOf is null)
                await ReportFailureAsync(list, run, e.Message);
            return new DigestSendResult(DigestSendStatus.Failed, run.Id, run.HitCount, e.Message) { ListName = run.ListName, Kind = run.Kind };
        }
        finally
        {
            foreach (var message in messages)
                message.Dispose();
        }

        var deliveredTo = receipt.DeliveredTo;
        // Those the server refused are told to the admin; the others have the digest, so it counts as sent.
        var rejected = receipt.Rejected.Count > 0 ? Bounded(RejectedRecipient.Describe(receipt.Rejected)) : null;
        if (rejected is not null)
            logger.DigestRecipientsRejected(run.Id, run.Kind, run.ListName, receipt.Rejected.Count, rejected);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            // Also from "ambiguous": had this process lost its database session, another could have settled it so.
            await db.Digests.Where(d => d.Id == run.Id && (d.Status == DigestStatuses.Sending || d.Status == DigestStatuses.Ambiguous))
                .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DigestStatuses.Sent)
                .SetProperty(d => d.SentAt, clock.GetUtcNow())
                .SetProperty(d => d.DeliveredTo, deliveredTo)
                .SetProperty(d => d.RejectedRecipients, rejected), CancellationToken.None);
            logger.DigestListDelivered(run.Id, run.Kind, run.ListName, run.HitCount, deliveredTo);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever broke, the mail went out: the run stays "sending" at data-sent, is settled "ambiguous" and never re-sent.
            logger.DigestDeliveredNotRecorded(run.Id, run.ListName, deliveredTo, e.Message);
        }
        metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Sent);
        return new DigestSendResult(DigestSendStatus.Sent, run.Id, run.HitCount, deliveredTo)
        {
            ListName = run.ListName, Kind = run.Kind, RejectedRecipients = rejected, MessageId = run.MessageId,
        };
    }

    /// <summary>
    /// The run's messages: one for every recipient, as recorded, or — when the run carries links — one per
    /// recipient with that recipient's signed links, one-click unsubscribe and Message-ID
    /// (&lt;digest.LIST.GUID.N@domain&gt;, N the recipient's place in the run).
    /// </summary>
    private IEnumerable<MimeKit.MimeMessage> Messages(DigestList list, DigestRun run)
    {
        var now = clock.GetUtcNow();
        if (run.LinkSlot is not { } slot)
        {
            yield return DigestMessageFactory.Create(new RenderedDigest(run.Subject!, run.TextBody!, run.HtmlBody!),
                transports.From, run.Recipients, run.MessageId, list.ListUnsubscribe, list.Name, now);
            yield break;
        }
        for (var i = 0; i < run.Recipients.Length; i++)
        {
            var recipient = run.Recipients[i];
            var personal = links.For(run.ListName, recipient)
                ?? throw new ArgumentException($"digest {run.Id} carries each recipient's own links; set {DigestLinkOptions.PublicBaseUrlKey} to send it");
            var digest = new RenderedDigest(run.Subject!, DigestLinkFactory.Fill(run.TextBody!, slot, personal), DigestLinkFactory.Fill(run.HtmlBody!, slot, personal));
            yield return DigestMessageFactory.Create(digest, transports.From, [recipient], RecipientMessageId(run.MessageId, i + 1),
                list.ListUnsubscribe, list.Name, now, personal.Unsubscribe());
        }
    }

    internal static string RecipientMessageId(string runMessageId, int recipientNumber)
    {
        var at = runMessageId.LastIndexOf('@');
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runMessageId[..at]}.{recipientNumber}{runMessageId[at..]}");
    }

    private async Task ReportFailureAsync(DigestList list, DigestRun run, string error)
    {
        var alerts = run.Kind == DigestKinds.Alert;
        var streak = await StreakAsync(list, alerts, CancellationToken.None);
        logger.DigestListFailed(run.Id, run.Kind, run.ListName, streak.Count, run.HitCount, streak.NextTry(options.Value.EffectiveRetryDelays), error);
        if (clock.GetUtcNow() - streak.FirstAt >= TimeSpan.FromDays(1))
            logger.DigestUndeliverableForADay(list.Name, alerts ? "alert" : "digest", streak.FirstAt, streak.Count, error);
    }

    private async Task<FailureStreak> StreakAsync(DigestList list, bool alerts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DigestQueries.StreakAsync(db, list.Name, alerts, ct);
    }

    /// <summary>Nothing is left to send for these failures: they are no longer a streak to retry.</summary>
    private async Task EndStreakAsync(DigestList list, bool alerts, FailureStreak streak, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ended = await DigestQueries.EndStreakAsync(db, list.Name, alerts, streak, ct);
        logger.DigestStreakEnded(list.Name, alerts ? "alert" : "digest", ended);
    }

    /// <summary>Marks a run still "sending" failed and deletes its claims, in one transaction: its hits are pending again.</summary>
    private async Task ReleaseAsync(long runId, string error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var released = await db.Digests.Where(d => d.Id == runId && d.Status == DigestStatuses.Sending).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DigestStatuses.Failed)
            .SetProperty(d => d.Error, Bounded(error)), CancellationToken.None);
        if (released == 1)
            await db.DigestHits.Where(c => c.DigestId == runId).ExecuteDeleteAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>It may have arrived: its hits stay claimed, it is not retried, and it awaits an admin's check.</summary>
    private async Task MarkAmbiguousAsync(long runId, string error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Digests.Where(d => d.Id == runId && d.Status == DigestStatuses.Sending).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DigestStatuses.Ambiguous)
            .SetProperty(d => d.Error, Bounded(error)), CancellationToken.None);
    }

    private async Task<string> ConnectionStringAsync(CancellationToken ct)
    {
        if (_connectionString is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            _connectionString = db.Database.GetConnectionString()!;
        }
        return _connectionString;
    }

    /// <summary>A context of the usual model on a connection the caller owns (a lease's).</summary>
    private async Task<WatcherDbContext> ContextOnAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        return db;
    }

    private static string Bounded(string text) => text.Length > 1000 ? text[..1000] : text;

    private string NewMessageId(string kind, string listName) =>
        $"<{kind}.{listName}.{Guid.NewGuid():N}@{transports.MessageIdDomain}>";

    private static RenderedDigest Render(DigestList list, IReadOnlyList<DigestEntry> entries, DigestMailKind kind, FeedHealthReport health,
        DateTimeOffset now, IDigestLinks? digestLinks) =>
        DigestRenderer.Render(entries, new DigestRenderOptions(list.TimeZone, now)
        {
            Language = list.Language,
            Topic = list.Topic,
            Kind = kind,
            Health = health,
            Links = digestLinks,
        });
}

/// <summary>
/// Unconfirmed: the data went out but the server's answer never came; it may have arrived (status "ambiguous").
/// NoRecipients: there was something to send, but every recipient of the list has unsubscribed.
/// </summary>
public enum DigestSendStatus { NothingPending, Sent, Failed, Unconfirmed, NoRecipients }

public sealed record DigestSendResult(DigestSendStatus Status, long? DigestId, int HitCount, string? Detail)
{
    public string ListName { get; init; } = DigestKinds.DefaultList;

    /// <summary>digest, empty or alert.</summary>
    public string Kind { get; init; } = DigestKinds.Digest;

    /// <summary>Sent, but not to these: "address (server's reply); …".</summary>
    public string? RejectedRecipients { get; init; }

    /// <summary>The run's Message-ID, to look for in a mailbox.</summary>
    public string? MessageId { get; init; }
}

/// <summary>What the list would receive now; <see cref="Digest"/> is null when nothing would be sent.</summary>
public sealed record DigestPreview(DigestList List, RenderedDigest? Digest, int HitCount, IReadOnlyList<string> Recipients);

/// <summary>One line of `watcher digest history`.</summary>
public sealed record DigestHistoryEntry(
    long Id, string ListName, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string Status,
    int HitCount, string? Subject, string MessageId, long? ResendOf, string? DeliveredTo, string? Error,
    string? RejectedRecipients = null)
{
    /// <summary>How far a run "sending" (or cut off) got; see <see cref="DigestPhases"/>.</summary>
    public string? Phase { get; init; }

    /// <summary>When an admin dealt with an ambiguous run (resent or dismissed it).</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    /// <summary>It may not have arrived and nobody has checked yet.</summary>
    public bool AwaitsCheck => Status == DigestStatuses.Ambiguous && CheckedAt is null;
}
