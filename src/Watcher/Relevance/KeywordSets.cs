using Watcher.Data;

namespace Watcher.Relevance;

/// <summary>
/// The active keyword set an admin change would leave, computed without touching the database, so a
/// dry run classifies with exactly what the change would store.
/// </summary>
public static class KeywordSets
{
    public static IReadOnlyList<KeywordTerm> Active(IEnumerable<Keyword> rows) =>
        [.. rows.Where(r => r.Active).Select(r => new KeywordTerm(r.Term, r.Weight, r.Facet, r.Concept))];

    /// <summary>After `keywords add term --weight --facet`.</summary>
    public static IReadOnlyList<KeywordTerm> WithSet(IEnumerable<Keyword> rows, string term, double weight, string facet)
    {
        var key = KeywordStore.NormalizeTerm(term);
        return [.. Active(rows).Where(t => t.Term != key), new KeywordTerm(key, weight, facet)];
    }

    /// <summary>After `keywords remove term`.</summary>
    public static IReadOnlyList<KeywordTerm> WithRemoved(IEnumerable<Keyword> rows, string term)
    {
        var key = KeywordStore.NormalizeTerm(term);
        return [.. Active(rows).Where(t => t.Term != key)];
    }

    /// <summary>After a re-learn: the admin's rows as they are (an inactive one keeps its term out), and the learned terms.</summary>
    public static IReadOnlyList<KeywordTerm> WithLearned(IEnumerable<Keyword> rows, IEnumerable<LearnedKeyword> learned)
    {
        var admin = rows.Where(r => r.Origin == KeywordOrigins.Admin).ToList();
        var adminTerms = admin.Select(r => r.Term).ToHashSet(StringComparer.Ordinal);
        var result = Active(admin).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in learned)
        {
            var key = KeywordStore.NormalizeTerm(keyword.Term);
            if (!adminTerms.Contains(key) && seen.Add(key))
                result.Add(new KeywordTerm(key, keyword.Weight, keyword.Facet, keyword.Concept));
        }
        return result;
    }
}
