using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;

namespace Watcher.Digest;

/// <summary>
/// Sends each list its digests and alerts, at most once per (list, hit): the run, its Message-ID and
/// its exact content are recorded and the hits claimed in one transaction before sending; a failed
/// send releases them for the next attempt; a run cut off mid-send is never sent again by itself.
/// </summary>
public sealed class DigestDispatcher(
    IDbContextFactory<WatcherDbContext> dbFactory,
    DigestTransportFactory transports,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    ILogger<DigestDispatcher> logger)
{
    /// <summary>A run "sending" for longer than this was cut off: no SMTP send lasts that long.</summary>
    internal static readonly TimeSpan InterruptedAfter = TimeSpan.FromMinutes(10);

    public IReadOnlyList<DigestList> Lists => options.Value.ResolveLists();

    /// <summary>The default (first) list's digest.</summary>
    public Task<DigestSendResult> SendPendingAsync(CancellationToken ct) => SendPendingAsync(null, ct);

    /// <summary>Sends the list's digest of pending hits, or the « rien de nouveau » mail when the list wants one.</summary>
    /// <exception cref="ArgumentException">No list of that name.</exception>
    public async Task<DigestSendResult> SendPendingAsync(string? listName, CancellationToken ct)
    {
        var list = options.Value.ResolveList(listName);
        var run = await ClaimDigestAsync(list, ct);
        if (run is null)
        {
            logger.DigestListNothingPending(list.Name);
            return new DigestSendResult(DigestSendStatus.NothingPending, null, 0, null) { ListName = list.Name };
        }
        return await DeliverAsync(list, run, ct);
    }

    /// <summary>Immediate alerts for every list with an alert score whose retry delay (after a failure) has passed.</summary>
    public async Task<IReadOnlyList<DigestSendResult>> SendDueAlertsAsync(CancellationToken ct)
    {
        var results = new List<DigestSendResult>();
        foreach (var list in Lists.Where(l => l.AlertScore is not null))
        {
            if (!await IsDueAsync(list, alerts: true, ct))
                continue;
            var run = await ClaimAlertAsync(list, ct);
            if (run is not null)
                results.Add(await DeliverAsync(list, run, ct));
        }
        return results;
    }

    /// <summary>Sends again the digest of each list whose last attempt failed, once its back-off delay has passed.</summary>
    public async Task<IReadOnlyList<DigestSendResult>> RetryFailedAsync(CancellationToken ct)
    {
        var results = new List<DigestSendResult>();
        foreach (var list in Lists)
        {
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if ((await DigestQueries.StreakAsync(db, list.Name, alerts: false, ct)).Count == 0)
                    continue;
            }
            if (await IsDueAsync(list, alerts: false, ct))
                results.Add(await SendPendingAsync(list.Name, ct));
        }
        return results;
    }

    /// <summary>Exactly what <see cref="SendPendingAsync(string?, CancellationToken)"/> would send now, without sending or marking anything.</summary>
    public async Task<DigestPreview> PreviewAsync(string? listName, CancellationToken ct)
    {
        var list = options.Value.ResolveList(listName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var entries = await DigestQueries.EntriesAsync(await DigestQueries.PendingForDigestAsync(db, list, now, options.Value.Lookback, ct), ct);
        if (entries.Count == 0 && !list.SendWhenEmpty)
            return new DigestPreview(list, null, 0, transports.RecipientsFor(list));
        var digest = Render(list, entries, DigestMailKind.Digest, await DigestQueries.HealthAsync(db, now, options.Value.SilentAfter, ct), now);
        return new DigestPreview(list, digest, entries.Count, transports.RecipientsFor(list));
    }

    public async Task<IReadOnlyList<DigestHistoryEntry>> HistoryAsync(string? listName, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = db.Digests.AsQueryable();
        if (!string.IsNullOrWhiteSpace(listName))
            runs = runs.Where(d => d.ListName == listName);
        return await runs.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Max(1, limit))
            .Select(d => new DigestHistoryEntry(d.Id, d.ListName, d.Kind, d.CreatedAt, d.SentAt, d.Status, d.HitCount,
                d.Subject, d.MessageId, d.ResendOf, d.DeliveredTo, d.Error))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Sends a past digest again, word for word, with a new Message-ID, to the list's current recipients
    /// (the original ones if the list is gone). Claims nothing: the hits were already accounted for.
    /// </summary>
    /// <exception cref="ArgumentException">No such digest, or one recorded without its content.</exception>
    public async Task<DigestSendResult> ResendAsync(long digestId, CancellationToken ct)
    {
        DigestRun run;
        DigestList list;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var original = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == digestId, ct)
                ?? throw new ArgumentException($"no digest with id {digestId}; see `watcher digest history`");
            if (original.Subject is null || original.TextBody is null || original.HtmlBody is null)
                throw new ArgumentException($"digest {digestId} was recorded without its content and cannot be sent again");
            var configured = Lists.FirstOrDefault(l => string.Equals(l.Name, original.ListName, StringComparison.OrdinalIgnoreCase));
            list = configured ?? new DigestList(original.ListName, original.Recipients, "", TimeZoneInfo.Utc, "fr", null, false, null, null);
            run = new DigestRun
            {
                ListName = original.ListName,
                Kind = original.Kind,
                ResendOf = original.Id,
                CreatedAt = clock.GetUtcNow(),
                Status = DigestStatuses.Sending,
                MessageId = NewMessageId(original.Kind, original.ListName),
                Recipients = configured is null ? original.Recipients : transports.RecipientsFor(configured),
                HitCount = original.HitCount,
                Subject = original.Subject,
                TextBody = original.TextBody,
                HtmlBody = original.HtmlBody,
            };
            db.Digests.Add(run);
            await db.SaveChangesAsync(ct);
        }
        logger.DigestResent(run.Id, digestId, run.ListName);
        return await DeliverAsync(list, run, ct);
    }

    /// <summary>
    /// A run still "sending" long after it started was cut off by a crash, perhaps after the server took
    /// the mail. Its hits stay claimed and are not sent again (never twice); it is marked and logged for
    /// an admin, who can check the mailbox and use `watcher digest resend`.
    /// </summary>
    public async Task SettleInterruptedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stale = clock.GetUtcNow() - InterruptedAfter;
        var interrupted = await db.Digests.Where(d => d.Status == DigestStatuses.Sending && d.CreatedAt < stale).ToListAsync(ct);
        foreach (var run in interrupted)
        {
            run.Status = DigestStatuses.Interrupted;
            logger.DigestInterrupted(run.Id, run.CreatedAt);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<DigestRun?> ClaimDigestAsync(DigestList list, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var now = clock.GetUtcNow();
        var entries = await DigestQueries.EntriesAsync(await DigestQueries.PendingForDigestAsync(db, list, now, options.Value.Lookback, ct), ct);
        if (entries.Count == 0 && !list.SendWhenEmpty)
            return null;

        var health = await DigestQueries.HealthAsync(db, now, options.Value.SilentAfter, ct);
        var kind = entries.Count == 0 ? DigestKinds.Empty : DigestKinds.Digest;
        var run = await RecordAsync(db, list, kind, list.Name, entries, Render(list, entries, DigestMailKind.Digest, health, now), now, ct);
        await transaction.CommitAsync(ct);
        return run;
    }

    private async Task<DigestRun?> ClaimAlertAsync(DigestList list, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var now = clock.GetUtcNow();
        var entries = await DigestQueries.EntriesAsync(DigestQueries.PendingForAlert(db, list, list.AlertScore!.Value, now - options.Value.Lookback), ct);
        if (entries.Count == 0)
            return null;
        var rendered = Render(list, entries, DigestMailKind.Alert, FeedHealthReport.None, now);
        var run = await RecordAsync(db, list, DigestKinds.Alert, list.AlertClaimName, entries, rendered, now, ct);
        await transaction.CommitAsync(ct);
        return run;
    }

    /// <summary>The run, its Message-ID and its exact content are stored before anything is sent.</summary>
    private async Task<DigestRun> RecordAsync(WatcherDbContext db, DigestList list, string kind, string claimName,
        IReadOnlyList<DigestEntry> entries, RenderedDigest rendered, DateTimeOffset now, CancellationToken ct)
    {
        var run = new DigestRun
        {
            ListName = list.Name,
            Kind = kind,
            CreatedAt = now,
            Status = DigestStatuses.Sending,
            MessageId = NewMessageId(kind, list.Name),
            Recipients = transports.RecipientsFor(list),
            HitCount = entries.Count,
            Subject = rendered.Subject,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
        };
        db.Digests.Add(run);
        await db.SaveChangesAsync(ct);
        // The unique (list, hit) index is what makes "never twice" hold even against a concurrent run.
        db.DigestHits.AddRange(entries.Select(e => new DigestHit { DigestId = run.Id, HitId = e.HitId, ListName = claimName }));
        await db.SaveChangesAsync(ct);
        return run;
    }

    private async Task<DigestSendResult> DeliverAsync(DigestList list, DigestRun run, CancellationToken ct)
    {
        try
        {
            using var message = DigestMessageFactory.Create(new RenderedDigest(run.Subject!, run.TextBody!, run.HtmlBody!),
                transports.From, run.Recipients, run.MessageId, list.ListUnsubscribe, list.Name);
            var deliveredTo = await transports.Create().DeliverAsync(message, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Digests.Where(d => d.Id == run.Id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DigestStatuses.Sent)
                .SetProperty(d => d.SentAt, clock.GetUtcNow())
                .SetProperty(d => d.DeliveredTo, deliveredTo), CancellationToken.None);
            logger.DigestListDelivered(run.Id, run.Kind, run.ListName, run.HitCount, deliveredTo);
            return new DigestSendResult(DigestSendStatus.Sent, run.Id, run.HitCount, deliveredTo) { ListName = run.ListName, Kind = run.Kind };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ReleaseAsync(run.Id, e.Message, CancellationToken.None);
            if (run.ResendOf is null)
                await ReportFailureAsync(list, run, e.Message, CancellationToken.None);
            return new DigestSendResult(DigestSendStatus.Failed, run.Id, run.HitCount, e.Message) { ListName = run.ListName, Kind = run.Kind };
        }
    }

    private async Task ReportFailureAsync(DigestList list, DigestRun run, string error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var alerts = run.Kind == DigestKinds.Alert;
        var streak = await DigestQueries.StreakAsync(db, list.Name, alerts, ct);
        logger.DigestListFailed(run.Id, run.Kind, run.ListName, streak.Count, run.HitCount, streak.NextTry(options.Value.EffectiveRetryDelays), error);
        if (clock.GetUtcNow() - streak.FirstAt >= TimeSpan.FromDays(1))
            logger.DigestUndeliverableForADay(list.Name, alerts ? "alert" : "digest", streak.FirstAt, streak.Count, error);
    }

    private async Task<bool> IsDueAsync(DigestList list, bool alerts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streak = await DigestQueries.StreakAsync(db, list.Name, alerts, ct);
        return clock.GetUtcNow() >= streak.NextTry(options.Value.EffectiveRetryDelays);
    }

    private async Task ReleaseAsync(long runId, string error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DigestHits.Where(c => c.DigestId == runId).ExecuteDeleteAsync(ct);
        await db.Digests.Where(d => d.Id == runId).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DigestStatuses.Failed)
            .SetProperty(d => d.Error, error.Length > 1000 ? error[..1000] : error), ct);
        await transaction.CommitAsync(ct);
    }

    private string NewMessageId(string kind, string listName) =>
        $"<{kind}.{listName}.{Guid.NewGuid():N}@{transports.MessageIdDomain}>";

    private RenderedDigest Render(DigestList list, IReadOnlyList<DigestEntry> entries, DigestMailKind kind, FeedHealthReport health, DateTimeOffset now) =>
        DigestRenderer.Render(entries, new DigestRenderOptions(list.TimeZone, now)
        {
            Language = list.Language,
            Topic = list.Topic,
            Kind = kind,
            Health = health,
        });
}

public enum DigestSendStatus { NothingPending, Sent, Failed }

public sealed record DigestSendResult(DigestSendStatus Status, long? DigestId, int HitCount, string? Detail)
{
    public string ListName { get; init; } = DigestKinds.DefaultList;

    /// <summary>digest, empty or alert.</summary>
    public string Kind { get; init; } = DigestKinds.Digest;
}

/// <summary>What the list would receive now; <see cref="Digest"/> is null when nothing would be sent.</summary>
public sealed record DigestPreview(DigestList List, RenderedDigest? Digest, int HitCount, IReadOnlyList<string> Recipients);

/// <summary>One line of `watcher digest history`.</summary>
public sealed record DigestHistoryEntry(
    long Id, string ListName, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string Status,
    int HitCount, string? Subject, string MessageId, long? ResendOf, string? DeliveredTo, string? Error);
