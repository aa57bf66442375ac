using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Watcher.Data;

namespace Watcher.Relevance;

/// <summary>
/// Keywords live in the database: learned from the seeds, tuned by admins, read by the classifier.
/// Every change is recorded in the keyword history (when, term, what, old and new weight and facet).
/// </summary>
public sealed class KeywordStore(IDbContextFactory<WatcherDbContext> dbFactory, IOptions<StorageOptions> storage, TimeProvider clock)
{
    public const string AdminSource = "admin";
    public const string LearnSource = "learn";

    public async Task<RelevanceClassifier> LoadClassifierAsync(CancellationToken ct) =>
        new(await LoadActiveTermsAsync(ct));

    /// <remarks>
    /// Plain SQL rather than EF: every poll reads the keywords, and in a fresh `watcher poll` building
    /// EF's model for this one query cost more than the query.
    /// </remarks>
    public async Task<IReadOnlyList<KeywordTerm>> LoadActiveTermsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(storage.Value.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT term, weight, facet, concept FROM keywords WHERE active ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var terms = new List<KeywordTerm>();
        while (await reader.ReadAsync(ct))
            terms.Add(new KeywordTerm(reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return terms;
    }

    public async Task<IReadOnlyList<Keyword>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Keywords.AsNoTracking().OrderBy(k => k.Facet).ThenByDescending(k => k.Weight).ThenBy(k => k.Term).ToListAsync(ct);
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Keywords.AnyAsync(ct);
    }

    /// <summary>Adds or re-weights a term; from now on it is the admin's and a re-learn leaves it alone.</summary>
    public async Task<Keyword> SetAsync(string term, double weight, string facet, CancellationToken ct)
    {
        var key = NormalizeTerm(term);
        if (key.Length == 0)
            throw new ArgumentException("a keyword needs at least one word", nameof(term));
        if (!Facets.All.Contains(facet))
            throw new ArgumentException($"unknown facet '{facet}' (expected {string.Join(", ", Facets.All)})", nameof(facet));
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keyword = await db.Keywords.SingleOrDefaultAsync(k => k.Term == key, ct);
        var wasActive = keyword?.Active == true;
        var (oldWeight, oldFacet) = (keyword?.Weight, keyword?.Facet);
        if (keyword is null)
        {
            keyword = new Keyword { Term = key, Facet = facet, Origin = KeywordOrigins.Admin };
            db.Keywords.Add(keyword);
        }
        keyword.Weight = weight;
        keyword.Facet = facet;
        keyword.Origin = KeywordOrigins.Admin;
        keyword.Active = true;
        keyword.UpdatedAt = now;
        db.KeywordChanges.Add(Change(now, key, wasActive ? "reweighted" : "added", AdminSource,
            wasActive ? oldWeight : null, weight, wasActive ? oldFacet : null, facet));
        await db.SaveChangesAsync(ct);
        return keyword;
    }

    /// <summary>Switches a term off. The row stays, marked as the admin's, so that a re-learn does not bring it back.</summary>
    public async Task<bool> RemoveAsync(string term, CancellationToken ct)
    {
        var key = NormalizeTerm(term);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keyword = await db.Keywords.SingleOrDefaultAsync(k => k.Term == key, ct);
        if (keyword is null || !keyword.Active)
            return false;
        keyword.Active = false;
        keyword.Origin = KeywordOrigins.Admin;
        keyword.UpdatedAt = now;
        db.KeywordChanges.Add(Change(now, key, "removed", AdminSource, keyword.Weight, null, keyword.Facet, null));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Replaces the learned keywords with <paramref name="learned"/>. Terms an admin added, re-weighted or
    /// removed are kept as the admin left them.
    /// </summary>
    /// <param name="apply">False: only say what would change.</param>
    public async Task<LearnChanges> ReplaceLearnedAsync(IReadOnlyList<LearnedKeyword> learned, bool apply, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Keywords.ToDictionaryAsync(k => k.Term, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        var changes = new LearnChanges();
        var learnedTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in learned)
        {
            var key = NormalizeTerm(term.Term);
            if (!learnedTerms.Add(key))
                continue;
            if (!existing.TryGetValue(key, out var row))
            {
                changes.Added.Add(term);
                db.Keywords.Add(new Keyword
                {
                    Term = key, Weight = term.Weight, Facet = term.Facet, Concept = term.Concept, Origin = KeywordOrigins.Learned, UpdatedAt = now,
                });
                db.KeywordChanges.Add(Change(now, key, "learned", LearnSource, null, term.Weight, null, term.Facet));
            }
            else if (row.Origin == KeywordOrigins.Admin)
            {
                changes.KeptByAdmin.Add(key);
            }
            else if (Math.Abs(row.Weight - term.Weight) > 1e-9 || row.Facet != term.Facet || !row.Active)
            {
                changes.Updated.Add(term);
                db.KeywordChanges.Add(Change(now, key, "relearned", LearnSource, row.Weight, term.Weight, row.Facet, term.Facet));
                (row.Weight, row.Facet, row.Concept, row.Active, row.UpdatedAt) = (term.Weight, term.Facet, term.Concept, true, now);
            }
            else
            {
                // A lexicon edit may move a form to another concept without changing its weight.
                row.Concept = term.Concept;
            }
        }
        foreach (var row in existing.Values.Where(r => r.Origin == KeywordOrigins.Learned && !learnedTerms.Contains(r.Term)))
        {
            changes.Dropped.Add(row.Term);
            db.KeywordChanges.Add(Change(now, row.Term, "dropped", LearnSource, row.Weight, null, row.Facet, null));
            db.Keywords.Remove(row);
        }
        if (apply)
            await db.SaveChangesAsync(ct);
        return changes;
    }

    /// <summary>The recorded changes, newest first; only those of one term when <paramref name="term"/> is given.</summary>
    public async Task<IReadOnlyList<KeywordChange>> ListChangesAsync(string? term, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.KeywordChanges.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(term))
        {
            var key = NormalizeTerm(term);
            query = query.Where(c => c.Term == key);
        }
        return await query.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(limit).ToListAsync(ct);
    }

    /// <summary>Title and summary of the newest polled items since <paramref name="since"/>: general news to contrast the seeds with.</summary>
    public async Task<IReadOnlyList<string>> LoadBackgroundAsync(DateTimeOffset since, int max, CancellationToken ct)
    {
        if (max <= 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.SeenItems.AsNoTracking()
            .Where(s => s.FirstSeenAt >= since)
            .OrderByDescending(s => s.FirstSeenAt).ThenByDescending(s => s.Id)
            .Take(max)
            .Select(s => new { s.Title, s.Summary })
            .ToListAsync(ct);
        return [.. rows.Select(r => r.Title + "\n" + r.Summary).Where(t => t.Length > 1)];
    }

    /// <summary>The items first seen since <paramref name="since"/>, oldest first, as a dry run re-classifies them.</summary>
    public async Task<IReadOnlyList<RecentItem>> LoadRecentItemsAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SeenItems.AsNoTracking()
            .Where(s => s.FirstSeenAt >= since)
            .OrderBy(s => s.FirstSeenAt).ThenBy(s => s.Id)
            .Select(s => new RecentItem(s.Id, s.Title, s.Summary, s.Link, s.FirstSeenAt))
            .ToListAsync(ct);
    }

    public static string NormalizeTerm(string term) => string.Join(' ', term.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static KeywordChange Change(DateTimeOffset at, string term, string action, string source,
        double? oldWeight, double? newWeight, string? oldFacet, string? newFacet) => new()
        {
            At = at, Term = term, Action = action, Source = source,
            OldWeight = oldWeight, NewWeight = newWeight, OldFacet = oldFacet, NewFacet = newFacet,
        };
}

public sealed record RecentItem(long Id, string Title, string? Summary, string? Link, DateTimeOffset FirstSeenAt);

public sealed class LearnChanges
{
    public List<LearnedKeyword> Added { get; } = [];
    public List<LearnedKeyword> Updated { get; } = [];
    public List<string> Dropped { get; } = [];
    public List<string> KeptByAdmin { get; } = [];
    public bool IsEmpty => Added.Count == 0 && Updated.Count == 0 && Dropped.Count == 0;
}
