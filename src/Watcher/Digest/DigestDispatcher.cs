using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;

namespace Watcher.Digest;

/// <summary>
/// Sends pending hits as one digest, exactly once per hit: the run is recorded and the hits claimed
/// before sending; a failed send releases them for the next digest.
/// </summary>
public sealed class DigestDispatcher(
    IDbContextFactory<WatcherDbContext> dbFactory,
    DigestTransportFactory transports,
    IOptions<DigestOptions> options,
    TimeProvider clock,
    ILogger<DigestDispatcher> logger)
{
    public async Task<DigestSendResult> SendPendingAsync(CancellationToken ct)
    {
        var (run, entries) = await ClaimPendingAsync(ct);
        if (run is null)
        {
            logger.DigestNothingPending();
            return new DigestSendResult(DigestSendStatus.NothingPending, null, 0, null);
        }

        var rendered = Render(entries);
        try
        {
            using var message = DigestMessageFactory.Create(rendered, transports.From, run.Recipients, run.MessageId);
            var deliveredTo = await transports.Create().DeliverAsync(message, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.Digests.Where(d => d.Id == run.Id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DigestStatuses.Sent)
                .SetProperty(d => d.SentAt, clock.GetUtcNow())
                .SetProperty(d => d.Subject, rendered.Subject)
                .SetProperty(d => d.TextBody, rendered.Text)
                .SetProperty(d => d.HtmlBody, rendered.Html)
                .SetProperty(d => d.DeliveredTo, deliveredTo), ct);
            logger.DigestDelivered(run.Id, entries.Count, deliveredTo);
            return new DigestSendResult(DigestSendStatus.Sent, run.Id, entries.Count, deliveredTo);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ReleaseAsync(run.Id, e.Message, CancellationToken.None);
            logger.DigestFailed(run.Id, entries.Count, e.Message);
            return new DigestSendResult(DigestSendStatus.Failed, run.Id, entries.Count, e.Message);
        }
    }

    /// <summary>The digest that would be sent now, without sending it or marking anything.</summary>
    public async Task<(RenderedDigest Digest, int HitCount)?> PreviewAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await LoadEntriesAsync(Pending(db, DigestKinds.DefaultList), ct);
        return entries.Count == 0 ? null : (Render(entries), entries.Count);
    }

    /// <summary>
    /// A run still "sending" at start-up was cut off by a crash, perhaps after the server took the mail.
    /// Its hits are not sent again (never twice); it is marked and logged for an admin to check.
    /// </summary>
    public async Task SettleInterruptedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stale = clock.GetUtcNow() - TimeSpan.FromMinutes(10);
        var interrupted = await db.Digests.Where(d => d.Status == DigestStatuses.Sending && d.CreatedAt < stale).ToListAsync(ct);
        foreach (var run in interrupted)
        {
            run.Status = DigestStatuses.Interrupted;
            logger.DigestInterrupted(run.Id, run.CreatedAt);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<(DigestRun? Run, IReadOnlyList<DigestEntry> Entries)> ClaimPendingAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var entries = await LoadEntriesAsync(Pending(db, DigestKinds.DefaultList), ct);
        if (entries.Count == 0)
            return (null, entries);

        var run = new DigestRun
        {
            CreatedAt = clock.GetUtcNow(),
            Status = DigestStatuses.Sending,
            MessageId = $"<digest.{Guid.NewGuid():N}@watcher>",
            Recipients = transports.Recipients,
            HitCount = entries.Count,
        };
        db.Digests.Add(run);
        await db.SaveChangesAsync(ct);
        // The unique (list, hit) index is what makes "never twice" hold even against a concurrent run.
        db.DigestHits.AddRange(entries.Select(e => new DigestHit { DigestId = run.Id, HitId = e.HitId, ListName = run.ListName }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (run, entries);
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

    private static IQueryable<Hit> Pending(WatcherDbContext db, string listName) =>
        db.Hits.Where(h => !db.DigestHits.Any(c => c.HitId == h.Id && c.ListName == listName));

    private static async Task<IReadOnlyList<DigestEntry>> LoadEntriesAsync(IQueryable<Hit> hits, CancellationToken ct) =>
        await hits.OrderByDescending(h => h.Score).ThenBy(h => h.Id)
            .Select(h => new DigestEntry(h.Id, h.Title, h.Link, h.Summary, h.Feed!.Name ?? h.Feed.Url,
                h.PublishedAt, h.FoundAt, h.Score, h.MatchedTerms))
            .ToListAsync(ct);

    private RenderedDigest Render(IReadOnlyList<DigestEntry> entries)
    {
        var digest = options.Value;
        return DigestRenderer.Render(entries, new DigestRenderOptions(digest.ResolveTimeZone(), clock.GetUtcNow())
        {
            Language = digest.Language,
        });
    }
}

public enum DigestSendStatus { NothingPending, Sent, Failed }

public sealed record DigestSendResult(DigestSendStatus Status, long? DigestId, int HitCount, string? Detail);
