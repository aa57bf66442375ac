using Lucene.Net.Analysis.Util;

namespace Watcher.Relevance;

/// <summary>
/// Which language an item is written in, from its script (Cyrillic, Arabic) or, for Latin-script text,
/// from the function words it uses (Lucene's stopword lists). The classifier gathers the votes while it
/// reads the item (the function words share its one lookup table); the language decides which stemmer
/// reads Latin-script words, and is named in explanations. Languages Watcher does not stem (Dutch, Czech, Turkish…) are recognised too,
/// so that their words are not read as Spanish or Portuguese ones.
/// </summary>
public static class LanguageGuesser
{
    public const string Unknown = "und";

    private static readonly (string Language, CharArraySet Words, string[] More)[] Lists =
    [
        ("fr", Lucene.Net.Analysis.Fr.FrenchAnalyzer.DefaultStopSet, []),
        ("en", Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet, ["of", "the", "to", "for", "with", "has", "have", "from", "its", "his", "after", "over", "says", "said"]),
        ("de", Lucene.Net.Analysis.De.GermanAnalyzer.DefaultStopSet, []),
        ("es", Lucene.Net.Analysis.Es.SpanishAnalyzer.DefaultStopSet, []),
        ("pt", Lucene.Net.Analysis.Pt.PortugueseAnalyzer.DefaultStopSet, []),
        ("it", Lucene.Net.Analysis.It.ItalianAnalyzer.DefaultStopSet, []),
        ("nl", Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet, []),
        ("cs", Lucene.Net.Analysis.Cz.CzechAnalyzer.DefaultStopSet, []),
        // Polish has no list in Lucene; its commonest function words keep it apart from its neighbours.
        ("pl", Lucene.Net.Analysis.Cz.CzechAnalyzer.DefaultStopSet, ["się", "że", "nie", "jest", "na", "w", "z", "do", "od", "po", "przez", "dla", "oraz", "jak", "także", "który", "która", "które", "został", "została", "będzie", "tym", "już", "tego", "jego"]),
        ("sv", Lucene.Net.Analysis.Sv.SwedishAnalyzer.DefaultStopSet, []),
        ("da", Lucene.Net.Analysis.Da.DanishAnalyzer.DefaultStopSet, []),
        ("no", Lucene.Net.Analysis.No.NorwegianAnalyzer.DefaultStopSet, []),
        ("fi", Lucene.Net.Analysis.Fi.FinnishAnalyzer.DefaultStopSet, []),
        ("hu", Lucene.Net.Analysis.Hu.HungarianAnalyzer.DefaultStopSet, []),
        ("ro", Lucene.Net.Analysis.Ro.RomanianAnalyzer.DefaultStopSet, []),
        ("tr", Lucene.Net.Analysis.Tr.TurkishAnalyzer.DefaultStopSet, []),
        ("id", Lucene.Net.Analysis.Id.IndonesianAnalyzer.DefaultStopSet, []),
        ("ca", Lucene.Net.Analysis.Ca.CatalanAnalyzer.DefaultStopSet, []),
    ];

    /// <summary>Each function word, folded as the scanner gives it, with one bit per language it belongs to.</summary>
    internal static IReadOnlyDictionary<string, int> FunctionWords { get; } = BuildTable();

    internal static int LanguageCount => Lists.Length;

    /// <summary>
    /// The language of an item from the votes of its function words (one count per language of
    /// <see cref="Lists"/>) and how many of its words are in each script: fr, en, de, es, pt, it, ru, ar,
    /// another language code, or <see cref="Unknown"/>.
    /// </summary>
    internal static string Decide(ReadOnlySpan<int> votes, int cyrillic, int arabic, int latin)
    {
        if (cyrillic > latin && cyrillic >= arabic)
            return "ru";
        if (arabic > latin)
            return "ar";

        // A language needs two function words and a clear lead: one shared "de" or "la" decides nothing.
        int best = -1, second = 0;
        for (var l = 0; l < Lists.Length; l++)
        {
            if (best < 0 || votes[l] > votes[best])
            {
                second = best < 0 ? 0 : votes[best];
                best = l;
            }
            else if (votes[l] > second)
            {
                second = votes[l];
            }
        }

        return votes[best] >= 2 && votes[best] > second ? Lists[best].Language : Unknown;
    }

    private static Dictionary<string, int> BuildTable()
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var l = 0; l < Lists.Length; l++)
        {
            foreach (var word in Lists[l].Words.Concat(Lists[l].More))
            {
                // Folded and stemmed as the scanner gives words (für → fur, también → tambien).
                foreach (var token in TextNormalizer.Tokenize(word, keepStopwords: true))
                {
                    table[token] = table.GetValueOrDefault(token) | (1 << l);
                }
            }
        }

        return table;
    }
}
