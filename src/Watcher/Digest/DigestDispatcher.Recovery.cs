using Microsoft.EntityFrameworkCore;
using Watcher.Data;
using Watcher.Telemetry;

namespace Watcher.Digest;

/// <summary>After a crash: runs left "sending" are settled by how far they got; ambiguous ones wait for an admin.</summary>
public sealed partial class DigestDispatcher
{
    /// <summary>
    /// A run with no phase was recorded by a version that did not record phases; it may still be sending
    /// (during an upgrade) and takes no lock, so it is only settled once no send can last this long.
    /// </summary>
    internal static readonly TimeSpan UnphasedSettleAfter = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Settles every run left "sending" whose sender is gone (its lock is free): cut off before the
    /// message data went out, its hits are released and it is marked failed, so the next send or the
    /// retry ladder sends them; an outbox run whose file exists is marked sent; cut off after the data
    /// went out (or at an unknown point), it becomes "ambiguous" and is never sent again by itself.
    /// </summary>
    public async Task SettleCutOffRunsAsync(CancellationToken ct)
    {
        List<(long Id, string? Phase, DateTimeOffset CreatedAt)> sending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            sending = [.. (await db.Digests.AsNoTracking().Where(d => d.Status == DigestStatuses.Sending).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.Phase, d.CreatedAt }).ToListAsync(ct)).Select(d => (d.Id, d.Phase, d.CreatedAt))];
        }
        if (sending.Count == 0)
            return;
        await using var connection = await DigestRunLease.OpenConnectionAsync(await ConnectionStringAsync(ct), ct);
        foreach (var (id, phase, createdAt) in sending)
        {
            if (phase is null && clock.GetUtcNow() - createdAt < UnphasedSettleAfter)
                continue;
            // Held by its sender, alive; held by another settler, being settled.
            if (!await DigestRunLease.TryLockAsync(connection, id, ct))
                continue;
            try
            {
                await SettleAsync(id, ct);
            }
            finally
            {
                await DigestRunLease.UnlockAsync(connection, id);
            }
        }
    }

    private async Task SettleAsync(long id, CancellationToken ct)
    {
        DigestRun? run;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Read again under the lock: its sender may have finished in between.
            run = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.Status == DigestStatuses.Sending, ct);
        }
        if (run is null)
            return;
        if (DigestPhases.NothingSent(run.Phase))
        {
            await ReleaseAsync(run.Id, $"cut off at phase {run.Phase}, before any message data reached the server; its hits went back to pending");
            metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Failed);
            logger.DigestCutOffReleased(run.Id, run.Kind, run.ListName, run.Phase!, run.HitCount);
            return;
        }
        if (run.Phase == DigestPhases.Writing && run.Destination is { } outbox)
        {
            await SettleOutboxRunAsync(run, outbox);
            return;
        }
        await MarkAmbiguousAsync(run.Id, run.Phase is null
            ? "cut off while sending, at a point not recorded (before phases were recorded); it may have arrived"
            : "cut off after the message data was handed to the server, before its answer; it may have arrived");
        metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Ambiguous);
        logger.DigestCutOffAmbiguous(run.Id, run.ListName, run.Phase ?? "unknown", run.MessageId);
    }

    /// <summary>
    /// The rename that completes an outbox file is atomic: each message's file is there whole, or it was
    /// not written. A run of per-recipient messages cut off half-way counts as sent to those whose file
    /// exists; the others are recorded as refused, as a failed message would be.
    /// </summary>
    private async Task SettleOutboxRunAsync(DigestRun run, string outbox)
    {
        IReadOnlyList<(string Path, int? RecipientNumber)> written;
        try
        {
            written = Directory.Exists(outbox) ? OutboxWriter.FindWritten(outbox, run.MessageId) : throw new DirectoryNotFoundException($"the outbox {outbox} is not on this machine");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await MarkAmbiguousAsync(run.Id, $"cut off while writing to the outbox, which cannot be read here: {e.Message}");
            logger.DigestCutOffAmbiguous(run.Id, run.ListName, run.Phase!, run.MessageId);
            return;
        }
        if (written.Count == 0)
        {
            await ReleaseAsync(run.Id, $"cut off before its file reached the outbox {outbox}; its hits went back to pending");
            metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Failed);
            logger.DigestCutOffReleased(run.Id, run.Kind, run.ListName, run.Phase!, run.HitCount);
            return;
        }
        var deliveredTo = written.Count == 1 ? written[0].Path : $"{written.Count} file(s) in {outbox}";
        var missing = run.LinkSlot is null ? [] : run.Recipients
            .Where((_, i) => !written.Any(w => w.RecipientNumber == i + 1))
            .Select(address => new RejectedRecipient(address, "cut off before its file reached the outbox"))
            .ToList();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Digests.Where(d => d.Id == run.Id && d.Status == DigestStatuses.Sending).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DigestStatuses.Sent)
            .SetProperty(d => d.SentAt, run.PhaseAt ?? clock.GetUtcNow())
            .SetProperty(d => d.DeliveredTo, deliveredTo)
            .SetProperty(d => d.RejectedRecipients, missing.Count > 0 ? Bounded(RejectedRecipient.Describe(missing)) : null), CancellationToken.None);
        metrics.DigestOutcome(run.ListName, run.Kind, DigestOutcomes.Sent);
        logger.DigestFoundInOutbox(run.Id, run.ListName, deliveredTo);
    }

    /// <summary>Ambiguous runs nobody has checked yet, oldest first: shown in the admin footer and counted for monitoring.</summary>
    public async Task<IReadOnlyList<UnconfirmedDigest>> UnconfirmedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await DigestQueries.AmbiguousRunsAsync(db, ct);
    }

    /// <summary>The admin found an ambiguous digest in the mailbox: it is no longer reported.</summary>
    /// <exception cref="ArgumentException">No such digest, or not an ambiguous one.</exception>
    /// <returns>False when it had already been checked.</returns>
    public async Task<bool> DismissAsync(long digestId, CancellationToken ct)
    {
        DigestRun run;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            run = await db.Digests.AsNoTracking().SingleOrDefaultAsync(d => d.Id == digestId, ct)
                ?? throw new ArgumentException($"no digest with id {digestId}; see `watcher digest history`");
        }
        if (run.Status != DigestStatuses.Ambiguous)
            throw new ArgumentException($"digest {digestId} is {run.Status}: only an ambiguous digest (one that may not have arrived) awaits a check");
        if (!await MarkCheckedAsync(digestId, ct))
            return false;
        logger.DigestDismissed(digestId, run.ListName);
        return true;
    }

    private async Task<bool> MarkCheckedAsync(long digestId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Digests.Where(d => d.Id == digestId && d.Status == DigestStatuses.Ambiguous && d.CheckedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.CheckedAt, clock.GetUtcNow()), ct) == 1;
    }
}

/// <summary>A run that may not have arrived, awaiting an admin's check.</summary>
public sealed record UnconfirmedDigest(long Id, string ListName, string Kind, int HitCount, string MessageId, DateTimeOffset CreatedAt);
