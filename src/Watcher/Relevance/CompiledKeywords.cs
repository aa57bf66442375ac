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

    /// <summary>
    /// Function words of the languages <see cref="LanguageGuesser"/> tells apart have ids from here down:
    /// the bits of their languages and whether they are also a stopword, packed, so that the one lookup per
    /// word also counts the votes for the item's language.
    /// </summary>
    public const int FunctionWordBase = -3;

    public static bool IsFunctionWord(int id) => id <= FunctionWordBase;

    /// <summary>One bit per language of <see cref="LanguageGuesser"/>.</summary>
    public static int LanguagesOf(int functionWord) => (FunctionWordBase - functionWord) >> 1;

    public static bool IsStopwordToo(int functionWord) => ((FunctionWordBase - functionWord) & 1) == 1;

    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Per language of <see cref="Inflection.LatinLanguages"/>: keyword words and their stems.</summary>
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _stemLookups;

    public CompiledKeywords(IEnumerable<KeywordTerm> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<KeywordTerm>();
        var tokens = new List<int[]>();
        var concepts = new Dictionary<string, int>(StringComparer.Ordinal);
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
        // Forms of one concept are one actor; a term of its own is its own.
        ConceptOf = [.. terms.Select(t => t.Concept is { } c
            ? concepts.TryGetValue(c, out var id) ? id : concepts[c] = concepts.Count
            : concepts[" " + t.Term] = concepts.Count)];
        ConceptNames = [.. concepts.OrderBy(c => c.Value).Select(c => c.Key.TrimStart())];
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

        // A function word that is also a word of a keyword (do in "junta militar do mali") keeps its
        // keyword id; its votes are then looked up by id.
        VotesOf = new int[vocabulary.Count];
        foreach (var (word, languages) in LanguageGuesser.FunctionWords)
        {
            if (vocabulary.TryGetValue(word, out var id))
            {
                VotesOf[id] = languages;
            }
            else
            {
                table[word] = FunctionWordBase - ((languages << 1) | (Stopwords.Contains(word) ? 1 : 0));
            }
        }

        _lookup = table.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        // In German, Spanish, Portuguese or Italian text a word of an item is stemmed in that language, so each
        // keyword word also answers to its stem in each of them, in that language's own table (an English
        // word that happens to equal an Italian stem must not find it). Several keyword words can share a
        // stem (russische, russisch): the one that is a keyword by itself gets it.
        var stemTables = Inflection.LatinLanguages.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        foreach (var (word, id) in vocabulary.OrderBy(w => UnigramTerm[w.Value] >= 0 ? 0 : 1).ThenBy(w => w.Key, StringComparer.Ordinal))
        {
            if (!char.IsAsciiLetter(word[0]))
            {
                continue;
            }

            foreach (var language in Inflection.LatinLanguages)
            {
                var stemTable = stemTables[Inflection.LatinIndex(language)];
                stemTable.TryAdd(word, id);
                if (Inflection.Stem(language, word) is { } stem && stemTable.TryAdd(stem, id))
                {
                    NoteStemPrefix(stem);
                }
            }
        }

        _stemLookups = [.. stemTables.Select(t => t.GetAlternateLookup<ReadOnlySpan<char>>())];
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

    /// <summary>
    /// One bit per first four letters of every keyword stem: an unknown word of an item is stemmed only
    /// when its beginning could lead to a keyword, so most words never reach a stemmer.
    /// </summary>
    private readonly ulong[] _stemPrefixes = new ulong[FilterBits / 64];

    private static int PrefixSlot(ReadOnlySpan<char> word) =>
        (int)((uint)((word[0] * 0x9E37) ^ (word[1] * 0x3F1) ^ (word[2] * 0x7F4A7) ^ (word[3] * 0x1F3D5)) & (FilterBits - 1));

    private void NoteStemPrefix(string stem)
    {
        var slot = PrefixSlot(stem);
        _stemPrefixes[slot >> 6] |= 1UL << slot;
    }

    /// <summary>
    /// True when the stem of this Latin-script word might be a keyword's: it is long enough, and a
    /// keyword stem begins like it.
    /// </summary>
    public bool MayStemToKeyword(ReadOnlySpan<char> word)
    {
        if (word.Length < Inflection.MinStemLength || !char.IsAsciiLetter(word[0]))
        {
            return false;
        }

        var slot = PrefixSlot(word);
        return (_stemPrefixes[slot >> 6] & (1UL << slot)) != 0;
    }

    /// <summary>The keyword token id of a stem in the language's table, or <see cref="Unknown"/>.</summary>
    public int StemId(string language, ReadOnlySpan<char> stem) =>
        _stemLookups[Inflection.LatinIndex(language)].TryGetValue(stem, out var id) ? id : Unknown;

    public KeywordTerm[] Terms { get; }

    /// <summary>Per keyword token id: the languages it is a function word of (0 for most).</summary>
    public int[] VotesOf { get; }

    /// <summary>Index into <see cref="ConceptNames"/> per term.</summary>
    public int[] ConceptOf { get; }

    public string[] ConceptNames { get; }

    public double[] Weights { get; }

    /// <summary>0 = Mali, 1 = Russia, 2 = topic, 3 = unrelated, 4 = other, 5 = aside (the order of <see cref="Facets.All"/>).</summary>
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
        Facets.Unrelated => 3,
        Facets.Other => 4,
        _ => 5,
    };
}
