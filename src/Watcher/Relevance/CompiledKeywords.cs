using System.Collections.Frozen;

namespace Watcher.Relevance;

/// <summary>
/// Keywords turned into integer tables for the hot path: each known word stem has an id, each id
/// knows the one-word term it is and the phrases that end with it.
/// </summary>
internal sealed class CompiledKeywords
{
    public const int Unknown = -1;

    /// <summary>The id of every stopword that is not also part of a keyword.</summary>
    public const int Stopword = -2;

    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CompiledKeywords(IEnumerable<KeywordTerm> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<KeywordTerm>();
        var tokens = new List<int[]>();
        foreach (var keyword in keywords)
        {
            if (!Facets.All.Contains(keyword.Facet))
            {
                throw new ArgumentException($"Keyword '{keyword.Term}' has unknown facet '{keyword.Facet}'.", nameof(keywords));
            }

            var stems = TextNormalizer.Tokenize(keyword.Term);
            if (stems.Count == 0 || keyword.Weight <= 0)
            {
                continue;
            }

            var key = string.Join(' ', stems);
            if (byKey.TryGetValue(key, out var existing))
            {
                // Two spellings of one term (russe, russes): keep the stronger.
                if (keyword.Weight > terms[existing].Weight)
                {
                    terms[existing] = keyword;
                }

                continue;
            }

            byKey[key] = terms.Count;
            terms.Add(keyword);
            tokens.Add([.. stems.Select(s => vocabulary.TryGetValue(s, out var id) ? id : vocabulary[s] = vocabulary.Count)]);
        }

        Terms = [.. terms];
        Weights = [.. terms.Select(t => t.Weight)];
        FacetOf = [.. terms.Select(t => FacetIndex(t.Facet))];
        TermTokens = [.. tokens];
        MaxPhraseLength = tokens.Count == 0 ? 1 : tokens.Max(t => t.Length);
        UnigramTerm = Enumerable.Repeat(Unknown, vocabulary.Count).ToArray();
        var endingWith = new List<int>[vocabulary.Count];
        for (var t = 0; t < tokens.Count; t++)
        {
            var ids = tokens[t];
            if (ids.Length == 1)
            {
                UnigramTerm[ids[0]] = t;
            }
            else
            {
                (endingWith[ids[^1]] ??= []).Add(t);
            }
        }

        PhrasesEndingWith = [.. endingWith.Select(l => l?.ToArray())];

        // Stopwords share the table so the hot path answers "keyword, stopword or other" in one lookup.
        var table = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        foreach (var stopword in Stopwords.All)
        {
            table.TryAdd(stopword, Stopword);
        }

        _lookup = table.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var key in table.Keys)
        {
            _maybeKnown[FilterSlot(key) >> 6] |= 1UL << FilterSlot(key);
        }
    }

    /// <summary>
    /// One bit per (length, first letter, last letter) class of the known words: most words of a news
    /// item are in a class no keyword or stopword is in, and are answered without hashing them.
    /// </summary>
    private readonly ulong[] _maybeKnown = new ulong[FilterBits / 64];

    private const int FilterBits = 1 << 16;

    private static int FilterSlot(ReadOnlySpan<char> stem) =>
        (int)((uint)((stem.Length * 0x3F1) ^ (stem[0] * 0x9E37) ^ (stem[^1] * 0x7F4A7)) & (FilterBits - 1));

    public KeywordTerm[] Terms { get; }

    public double[] Weights { get; }

    /// <summary>0 = Mali, 1 = Russia, 2 = topic, 3 = unrelated (the order of <see cref="Facets.All"/>).</summary>
    public int[] FacetOf { get; }

    public int[][] TermTokens { get; }

    public int[] UnigramTerm { get; }

    public int[]?[] PhrasesEndingWith { get; }

    public int MaxPhraseLength { get; }

    /// <summary>The keyword token id, or <see cref="Stopword"/>, or <see cref="Unknown"/>.</summary>
    public int TokenId(ReadOnlySpan<char> stem)
    {
        if (stem.IsEmpty)
        {
            return Stopword;
        }

        var slot = FilterSlot(stem);
        if ((_maybeKnown[slot >> 6] & (1UL << slot)) == 0)
        {
            return Stopwords.IsTrivial(stem) ? Stopword : Unknown;
        }

        if (_lookup.TryGetValue(stem, out var id))
        {
            return id;
        }

        return Stopwords.IsTrivial(stem) ? Stopword : Unknown;
    }

    private static int FacetIndex(string facet) => facet switch
    {
        Facets.Mali => 0,
        Facets.Russia => 1,
        Facets.Topic => 2,
        _ => 3,
    };
}
