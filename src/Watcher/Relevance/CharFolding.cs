using System.Text;

namespace Watcher.Relevance;

/// <summary>
/// A lookup table that maps each character to its lower-case unaccented letter, so the hot path folds
/// text with one array read per character instead of Unicode normalisation.
/// </summary>
internal static class CharFolding
{
    public const char Separator = '\0';

    /// <summary>Combining accents in already decomposed text: dropped without ending the word.</summary>
    public const char Ignorable = '\u0001';

    /// <summary>A ligature that folds to two letters: see <see cref="Expansion"/>.</summary>
    public const char Expand = '\u0002';

    /// <summary>A separator that also ends a phrase (see <see cref="IsPhraseBreak"/>).</summary>
    public const char Break = '\u0003';

    /// <summary>True for the markers that end a word.</summary>
    public static bool IsSeparator(char folded) => folded is Separator or Break;

    /// <summary>Latin, Greek, Cyrillic and Arabic: the scripts of the desk's sources fold by table.</summary>
    private const int TableSize = 0x700;
    private static readonly char[] Table = BuildTable();

    public static char Fold(char c)
    {
        if (c < TableSize)
        {
            return Table[c];
        }

        if (c is >= '\u0300' and <= '\u036F' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
        {
            return Ignorable;
        }

        if (char.IsLetterOrDigit(c))
        {
            return char.ToLowerInvariant(c);
        }

        return IsPhraseBreak(c) ? Break : Separator;
    }

    /// <summary>Ligatures that become two letters (œ → oe); null for every other character.</summary>
    public static string? Expansion(char c) => c switch
    {
        'œ' or 'Œ' => "oe",
        'æ' or 'Æ' => "ae",
        'ß' => "ss",
        _ => null,
    };

    /// <summary>Marks between two words that end a phrase: a name never runs across them.</summary>
    public static bool IsPhraseBreak(char c) => c switch
    {
        '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '«' or '»' or '"' or '“' or '”'
            or '|' or '\n' or '\r' or '–' or '—' or '•' or '،' or '؛' or '؟' => true,
        _ => false,
    };

    private static char[] BuildTable()
    {
        var table = new char[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            if (Expansion(c) is not null)
            {
                table[i] = Expand;
                continue;
            }

            // Accents and Arabic vowel marks are part of the word they sit on; the tatweel only stretches it.
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark || c == '\u0640')
            {
                table[i] = Ignorable;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                table[i] = IsPhraseBreak(c) ? Break : Separator;
                continue;
            }

            // й is a letter of its own (Russian endings -ий, -ой turn on it), not и with a breve.
            var decomposed = c is 'й' or 'Й' ? "й" : c.ToString().Normalize(NormalizationForm.FormD);
            var letter = char.ToLowerInvariant(decomposed[0]);
            table[i] = letter switch
            {
                'ł' => 'l',
                'ø' => 'o',
                'đ' => 'd',
                'ı' => 'i',
                // Spelling variants that news writes either way: ё as е, the Arabic hamza-carrying alefs as
                // bare alef, alef maqsura as yeh, teh marbuta as heh (what Lucene's ArabicNormalizer does).
                'ё' => 'е',
                'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                'ى' => 'ي',
                'ة' => 'ه',
                _ => letter,
            };
        }

        return table;
    }
}
