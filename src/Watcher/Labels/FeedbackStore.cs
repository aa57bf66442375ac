using Microsoft.EntityFrameworkCore;
using Npgsql;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Relevance;

namespace Watcher.Labels;

/// <summary>
/// Editors' labels on articles: stored one per (source, recipient, article), read back as a labeled set
/// for evaluation and learning. The CLI, and later the digest's feedback links, write through here.
/// </summary>
public sealed class FeedbackStore(IDbContextFactory<WatcherDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteChars = 1000;
    public const int MaxSourceChars = 40;

    /// <summary>A polled item by id, or a hit by id, each with its counterpart when there is one; null when the id is unknown.</summary>
    public async Task<StoredItem?> FindItemAsync(long? seenItemId, long? hitId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (seenItemId is { } seenId)
        {
            var seen = await db.SeenItems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == seenId, ct);
            if (seen is null)
                return null;
            var hit = await db.Hits.AsNoTracking()
                .Where(h => h.FeedId == seen.FeedId && (seen.Link != null ? h.Link == seen.Link : h.Title == seen.Title && h.FoundAt == seen.FirstSeenAt))
                .OrderByDescending(h => h.Id).Select(h => (long?)h.Id).FirstOrDefaultAsync(ct);
            return new StoredItem(seen.Id, hit, seen.Title, seen.Summary, seen.Link);
        }
        if (hitId is { } id)
        {
            var hit = await db.Hits.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, ct);
            if (hit is null)
                return null;
            var seen = await db.SeenItems.AsNoTracking()
                .Where(s => s.FeedId == hit.FeedId && (hit.Link != null ? s.Link == hit.Link : s.Title == hit.Title && s.FirstSeenAt == hit.FoundAt))
                .OrderByDescending(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
            return new StoredItem(seen, hit.Id, hit.Title, hit.Summary, hit.Link);
        }
        return null;
    }

    /// <summary>
    /// The newest stored item with this link once normalised (the poller stores links normalised), and its
    /// hit; null when Watcher holds no such article.
    /// </summary>
    public async Task<StoredItem?> FindByUrlAsync(string url, CancellationToken ct)
    {
        if (ItemIdentity.NormalizeLink(url) is not { } link)
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // No index on seen_items.link (the poller would pay for it on every insert): an admin command can afford the scan.
        var seen = await db.SeenItems.AsNoTracking().Where(s => s.Link == link).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        var hit = await db.Hits.AsNoTracking().Where(h => h.Link == link).OrderByDescending(h => h.Id).FirstOrDefaultAsync(ct);
        if (seen is not null)
            return new StoredItem(seen.Id, hit?.Id, seen.Title, seen.Summary, link);
        return hit is null ? null : new StoredItem(null, hit.Id, hit.Title, hit.Summary, link);
    }

    /// <summary>
    /// Stores a label, or updates the label the same source and recipient gave the same article before.
    /// Throws <see cref="ArgumentException"/> for a wrong label or source, an unknown item id, a URL that
    /// is not http(s), or an article with neither title nor text.
    /// </summary>
    public async Task<FeedbackResult> AddAsync(FeedbackInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!FeedbackLabels.All.Contains(input.Label))
            throw new ArgumentException($"label must be {string.Join(" or ", FeedbackLabels.All)}, not '{input.Label}'", nameof(input));
        if (string.IsNullOrWhiteSpace(input.Source) || input.Source.Length > MaxSourceChars)
            throw new ArgumentException($"a label's source must be 1 to {MaxSourceChars} characters", nameof(input));
        string? url = null;
        if (input.Url is not null)
            url = ItemIdentity.NormalizeLink(input.Url) ?? throw new ArgumentException($"not an http or https URL: {input.Url}", nameof(input));

        StoredItem? item;
        if (input.SeenItemId is not null || input.HitId is not null)
            item = await FindItemAsync(input.SeenItemId, input.HitId, ct)
                ?? throw new ArgumentException(input.SeenItemId is { } s ? $"no stored item {s}" : $"no stored hit {input.HitId}", nameof(input));
        else
            item = url is null ? null : await FindByUrlAsync(url, ct);

        url ??= item?.Url;
        var title = Clean(input.Title ?? item?.Title, PageSummary.MaxTitleChars) ?? "";
        var text = Clean(input.Text ?? item?.Text, PageSummary.MaxDescriptionChars);
        if (title.Length == 0 && text is null)
            throw new ArgumentException("nothing to label: the article has no title and no text", nameof(input));
        var key = url is not null ? ItemIdentity.LinkIdentityOf(url)!
            : item?.SeenItemId is { } seenId ? "item:" + seenId
            : "hit:" + item!.HitId;

        var now = clock.GetUtcNow();
        // Two writers labelling the same article at once: the unique index refuses the second insert, which then updates.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.Feedback.SingleOrDefaultAsync(
                f => f.Source == input.Source && f.Recipient == input.Recipient && f.SubjectKey == key, ct);
            var created = row is null;
            var previous = row?.Label;
            if (row is null)
            {
                row = new Feedback { Label = input.Label, Source = input.Source, SubjectKey = key, CreatedAt = now, Recipient = input.Recipient };
                db.Feedback.Add(row);
            }
            row.Label = input.Label;
            row.UpdatedAt = now;
            row.SeenItemId = item?.SeenItemId ?? row.SeenItemId;
            row.HitId = item?.HitId ?? row.HitId;
            row.Url = url;
            row.Title = title;
            row.Text = text;
            row.Note = Clean(input.Note, MaxNoteChars);
            row.ListName = input.ListName ?? row.ListName;
            try
            {
                await db.SaveChangesAsync(ct);
                return new FeedbackResult(row, previous);
            }
            catch (DbUpdateException e) when (created && attempt == 1 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
            }
        }
    }

    /// <summary>The labels, most recently given first; only one label's when <paramref name="label"/> is set.</summary>
    public async Task<IReadOnlyList<Feedback>> ListAsync(int limit, string? label, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Feedback.AsNoTracking();
        if (label is not null)
            query = query.Where(f => f.Label == label);
        return await query.OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id).Take(limit).ToListAsync(ct);
    }

    /// <summary>
    /// Every labelled article once, as a labeled set: when several people labelled the same article, the
    /// majority label counts (the latest one on a tie), with the latest title and text. Id "feedback N".
    /// </summary>
    public async Task<IReadOnlyList<LabeledItem>> LoadLabelsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Feedback.AsNoTracking()
            .OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.SubjectKey, f.Label, f.Title, f.Text, f.UpdatedAt })
            .ToListAsync(ct);
        return [.. rows
            .GroupBy(r => r.SubjectKey, StringComparer.Ordinal)
            .Select(article =>
            {
                var latest = article.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).First();
                var relevant = article.Count(r => r.Label == FeedbackLabels.Relevant);
                var irrelevant = article.Count() - relevant;
                var isRelevant = relevant != irrelevant ? relevant > irrelevant : latest.Label == FeedbackLabels.Relevant;
                return (latest.Id, Item: new LabeledItem("feedback " + latest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), latest.Title, latest.Text, isRelevant));
            })
            .OrderBy(a => a.Id)
            .Select(a => a.Item)];
    }

    /// <summary>Trimmed, cut to a length, without U+0000 (PostgreSQL text cannot hold it); null when empty.</summary>
    private static string? Clean(string? text, int max)
    {
        if (text is null)
            return null;
        text = text.Replace("\0", "", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? null : TextLimits.Truncate(text, max);
    }
}
