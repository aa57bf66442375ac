using Microsoft.EntityFrameworkCore;
using Watcher.Data;

namespace Watcher.Relevance;

/// <summary>Keywords live in the database: learned from the seeds, tuned by admins, read by the classifier.</summary>
public sealed class KeywordStore(IDbContextFactory<WatcherDbContext> dbFactory, TimeProvider clock)
{
    public async Task<RelevanceClassifier> LoadClassifierAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await db.Keywords.AsNoTracking()
            .Where(k => k.Active)
            .Select(k => new KeywordTerm(k.Term, k.Weight, k.Facet))
            .ToListAsync(ct);
        return new RelevanceClassifier(terms);
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
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keyword = await db.Keywords.SingleOrDefaultAsync(k => k.Term == key, ct);
        if (keyword is null)
        {
            keyword = new Keyword { Term = key, Facet = facet, Origin = KeywordOrigins.Admin };
            db.Keywords.Add(keyword);
        }
        keyword.Weight = weight;
        keyword.Facet = facet;
        keyword.Origin = KeywordOrigins.Admin;
        keyword.Active = true;
        keyword.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return keyword;
    }

    /// <summary>Switches a term off. The row stays, marked as the admin's, so that a re-learn does not bring it back.</summary>
    public async Task<bool> RemoveAsync(string term, CancellationToken ct)
    {
        var key = NormalizeTerm(term);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keyword = await db.Keywords.SingleOrDefaultAsync(k => k.Term == key, ct);
        if (keyword is null || !keyword.Active)
            return false;
        keyword.Active = false;
        keyword.Origin = KeywordOrigins.Admin;
        keyword.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Replaces the learned keywords with <paramref name="learned"/>. Terms an admin added, re-weighted or
    /// removed are kept as the admin left them.
    /// </summary>
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
                    Term = key, Weight = term.Weight, Facet = term.Facet, Origin = KeywordOrigins.Learned, UpdatedAt = now,
                });
            }
            else if (row.Origin == KeywordOrigins.Admin)
            {
                changes.KeptByAdmin.Add(key);
            }
            else if (Math.Abs(row.Weight - term.Weight) > 1e-9 || row.Facet != term.Facet || !row.Active)
            {
                changes.Updated.Add(term);
                (row.Weight, row.Facet, row.Active, row.UpdatedAt) = (term.Weight, term.Facet, true, now);
            }
        }
        foreach (var row in existing.Values.Where(r => r.Origin == KeywordOrigins.Learned && !learnedTerms.Contains(r.Term)))
        {
            changes.Dropped.Add(row.Term);
            db.Keywords.Remove(row);
        }
        if (apply)
            await db.SaveChangesAsync(ct);
        return changes;
    }

    public static string NormalizeTerm(string term) => string.Join(' ', term.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

public sealed class LearnChanges
{
    public List<LearnedKeyword> Added { get; } = [];
    public List<LearnedKeyword> Updated { get; } = [];
    public List<string> Dropped { get; } = [];
    public List<string> KeptByAdmin { get; } = [];
    public bool IsEmpty => Added.Count == 0 && Updated.Count == 0 && Dropped.Count == 0;
}
