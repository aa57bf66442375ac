namespace Watcher.Relevance;

/// <summary>
/// How common a term is in general news: a word most stories use says little about Mali and Russia.
/// Specificity is an inverse document frequency scaled to [0.05, 1].
/// </summary>
internal sealed class BackgroundPrior
{
    private const double Floor = 0.05;
    private readonly List<HashSet<string>> _docs = [];

    public BackgroundPrior(IReadOnlyList<string> background)
    {
        foreach (var text in background)
        {
            // Words and adjacent word pairs: enough to look up every learned term (1 or 2 words;
            // longer lexicon forms are looked up pair by pair).
            var stems = TextNormalizer.Tokenize(text);
            var set = new HashSet<string>(stems, StringComparer.Ordinal);
            for (var i = 1; i < stems.Count; i++)
            {
                set.Add(stems[i - 1] + " " + stems[i]);
            }

            _docs.Add(set);
        }
    }

    /// <summary>Specificity of a group of forms: a document counts if it holds any of them.</summary>
    public double Specificity(IEnumerable<string> keys)
    {
        var parts = keys.Select(Pairs).ToList();
        var df = _docs.Count(doc => parts.Any(pairs => pairs.All(doc.Contains)));
        var idf = Math.Log((_docs.Count + 1.0) / (df + 1.0)) / Math.Log(_docs.Count + 1.0);
        return Math.Clamp(idf, Floor, 1.0);
    }

    private static string[] Pairs(string key)
    {
        var words = key.Split(' ');
        return words.Length <= 2 ? [key] : [.. Enumerable.Range(1, words.Length - 1).Select(i => words[i - 1] + " " + words[i])];
    }
}
