namespace Watcher.Relevance;

/// <summary>
/// Turns French and English text into comparable tokens: lower case without accents, elided articles
/// and hyphens split off, plurals and French feminine endings folded, stopwords recognised.
/// The same pipeline runs on seeds, lexicon forms and classified items, so they always agree.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Longer tokens are cut: nothing in the keyword vocabulary comes close.</summary>
    internal const int MaxTokenLength = 48;

    /// <summary>Lower case, accents removed, non-letters kept as they are (Goïta → goita).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var expansion = CharFolding.Expansion(c);
            if (expansion is not null)
            {
                sb.Append(expansion);
                continue;
            }

            var folded = CharFolding.Fold(c);
            if (folded == CharFolding.Ignorable)
            {
                continue;
            }

            sb.Append(CharFolding.IsSeparator(folded) ? c : folded);
        }

        return sb.ToString();
    }

    /// <summary>The stemmed content tokens of a text (stopwords, numbers and single letters left out).</summary>
    public static IReadOnlyList<string> Tokenize(string? text) => Tokenize(text, keepStopwords: false);

    public static IReadOnlyList<string> Tokenize(string? text, bool keepStopwords)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        Span<char> buffer = stackalloc char[MaxTokenLength];
        var scanner = new TokenScanner(text);
        while (scanner.Next(buffer, out var length, out _))
        {
            var token = buffer[..length];
            if (keepStopwords || !Stopwords.Contains(token))
            {
                tokens.Add(new string(token));
            }
        }

        return tokens;
    }

    /// <summary>Folds and stems one word (maliennes → malien, russes → russe, allies → ally).</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var folded = Fold(word);
        Span<char> buffer = stackalloc char[Math.Max(folded.Length, 1)];
        folded.AsSpan().CopyTo(buffer);
        return new string(buffer[..Stem(buffer[..folded.Length])]);
    }

    /// <summary>True when the (folded, stemmed) token carries no subject matter.</summary>
    public static bool IsStopword(string token) => Stopwords.Contains(token.AsSpan());

    /// <summary>A light, in-place stemmer: only endings that change number and gender, so names survive.</summary>
    internal static int Stem(Span<char> token)
    {
        var n = token.Length;
        if (n > 4 && token[..n].EndsWith("ies"))
        {
            token[n - 3] = 'y';
            n -= 2;
        }
        else if (n > 3 && token[n - 1] == 's' && token[n - 2] is not ('s' or 'u' or 'i'))
        {
            n--;
        }
        else if (n > 4 && token[..n].EndsWith("eaux"))
        {
            n--;
        }

        // French feminine of -ien/-éen adjectives: malienne → malien, européenne → europeen.
        if (n > 5 && token[..n].EndsWith("enne"))
        {
            n -= 2;
        }

        return n;
    }
}
