namespace Watcher.Relevance;

/// <summary>
/// How common a term is in general news: a word most stories use says little about Mali and Russia.
/// Specificity is an inverse document frequency scaled to [0.05, 1]. An inverted index (term → the
/// documents that hold it) keeps this linear in the size of the background, whatever the number of terms.
/// </summary>
internal sealed class BackgroundPrior
{
    private const double Floor = 0.05;
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly int _documents;

    public BackgroundPrior(IReadOnlyList<string> background)
    {
        _documents = background.Count;
        for (var d = 0; d < background.Count; d++)
        {
            // Words and adjacent word pairs: enough to look up every learned term (1 or 2 words;
            // longer lexicon forms are looked up pair by pair).
            var stems = TextNormalizer.Tokenize(background[d]);
            for (var i = 0; i < stems.Count; i++)
            {
                Post(stems[i], d);
                if (i > 0)
                {
                    Post(stems[i - 1] + " " + stems[i], d);
                }
            }
        }
    }

    public int DocumentCount => _documents;

    /// <summary>Specificity of a group of forms: a document counts if it holds any of them.</summary>
    public double Specificity(IEnumerable<string> keys)
    {
        var holding = new HashSet<int>();
        foreach (var key in keys)
        {
            holding.UnionWith(Documents(key));
        }

        var idf = Math.Log((_documents + 1.0) / (holding.Count + 1.0)) / Math.Log(_documents + 1.0);
        return Math.Clamp(idf, Floor, 1.0);
    }

    private IEnumerable<int> Documents(string key)
    {
        var words = key.Split(' ');
        if (words.Length <= 2)
        {
            return _postings.TryGetValue(key, out var list) ? list : [];
        }

        // A longer form: the documents that hold every one of its word pairs.
        HashSet<int>? all = null;
        for (var i = 1; i < words.Length; i++)
        {
            if (!_postings.TryGetValue(words[i - 1] + " " + words[i], out var list))
            {
                return [];
            }

            if (all is null)
            {
                all = [.. list];
            }
            else
            {
                all.IntersectWith(list);
            }
        }

        return all ?? [];
    }

    private void Post(string key, int document)
    {
        if (!_postings.TryGetValue(key, out var list))
        {
            _postings[key] = list = [];
        }

        // Documents are read in order, so a repeat within one document is always the last entry.
        if (list.Count == 0 || list[^1] != document)
        {
            list.Add(document);
        }
    }
}
