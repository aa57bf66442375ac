using Lucene.Net.Analysis.Ar;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Watcher.Relevance;

/// <summary>
/// Inflection beyond French and English plurals: the Snowball stemmers of Russian, German, Spanish,
/// Portuguese and Italian and Lucene's Arabic light stemmer, so that Россия, России and Россией (or
/// russische and russischen) meet on one stem. Works on folded tokens, in place, without allocating.
/// </summary>
internal static class Inflection
{
    /// <summary>Shorter stems say too little (мали → мал is also "small"; malí → mal is "bad"): such forms match only as written.</summary>
    public const int MinStemLength = 4;

    /// <summary>The languages whose words are stemmed here; French and English keep the light rules of <see cref="TextNormalizer"/>.</summary>
    public static readonly IReadOnlyList<string> Languages = ["ru", "de", "es", "pt", "it", "ar"];

    /// <summary>The Latin-script languages among them: which one applies depends on the item's language.</summary>
    public static readonly IReadOnlyList<string> LatinLanguages = ["de", "es", "pt", "it"];

    [ThreadStatic]
    private static Stemmers? t_stemmers;

    public static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    public static bool IsArabic(char c) => c is >= '\u0600' and <= '\u06FF';

    public static int LatinIndex(string language) => language switch
    {
        "de" => 0,
        "es" => 1,
        "pt" => 2,
        "it" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no Latin-script stemmer for this language"),
    };


    /// <summary>The language whose stemmer a token's script calls for: ru, ar, or null for other scripts.</summary>
    public static string? ScriptLanguage(ReadOnlySpan<char> token) =>
        token.IsEmpty ? null : IsCyrillic(token[0]) ? "ru" : IsArabic(token[0]) ? "ar" : null;

    /// <summary>
    /// Writes the stem of a folded token into <paramref name="output"/>; returns its length, or 0 when the
    /// language has no stemmer here or the stem would be shorter than <see cref="MinStemLength"/>.
    /// </summary>
    public static int Stem(string language, ReadOnlySpan<char> token, Span<char> output)
    {
        if (token.Length < MinStemLength || token.Length > TextNormalizer.MaxTokenLength)
            return 0;
        var stemmers = t_stemmers ??= new Stemmers();
        var buffer = stemmers.Buffer;
        token.CopyTo(buffer);
        int length;
        if (language == "ar")
        {
            length = stemmers.Arabic.Stem(buffer, token.Length);
        }
        else if (stemmers.Snowball(language) is { } snowball)
        {
            snowball.SetCurrent(buffer, token.Length);
            snowball.Stem();
            length = snowball.CurrentBufferLength;
            snowball.CurrentBuffer.AsSpan(0, length).CopyTo(buffer);
        }
        else
        {
            return 0;
        }

        if (length < MinStemLength)
            return 0;
        buffer.AsSpan(0, length).CopyTo(output);
        return length;
    }

    /// <summary>
    /// The canonical form of a Cyrillic or Arabic word, in place: its stem when the stem is long enough,
    /// else the word as it is. Keywords and items go through the same step, so Россия, России and Россией
    /// are one word to the classifier. Other scripts are left to their item's language (see the classifier).
    /// </summary>
    public static int Canonical(Span<char> word, int length)
    {
        if (length < MinStemLength || ScriptLanguage(word[..length]) is not { } language)
            return length;
        Span<char> stem = stackalloc char[TextNormalizer.MaxTokenLength];
        var stemLength = Stem(language, word[..length], stem);
        if (stemLength == 0)
            return length;
        stem[..stemLength].CopyTo(word);
        return stemLength;
    }

    public static string? Stem(string language, string token)
    {
        Span<char> output = stackalloc char[TextNormalizer.MaxTokenLength];
        var length = Stem(language, token, output);
        return length == 0 ? null : new string(output[..length]);
    }

    /// <summary>Snowball stemmers keep state between calls: one set per thread.</summary>
    private sealed class Stemmers
    {
        private readonly SnowballProgram _russian = new RussianStemmer();
        private readonly SnowballProgram _german = new GermanStemmer();
        private readonly SnowballProgram _spanish = new SpanishStemmer();
        private readonly SnowballProgram _portuguese = new PortugueseStemmer();
        private readonly SnowballProgram _italian = new ItalianStemmer();

        public char[] Buffer { get; } = new char[TextNormalizer.MaxTokenLength * 2];

        public ArabicStemmer Arabic { get; } = new();

        public SnowballProgram? Snowball(string language) => language switch
        {
            "ru" => _russian,
            "de" => _german,
            "es" => _spanish,
            "pt" => _portuguese,
            "it" => _italian,
            _ => null,
        };
    }
}
