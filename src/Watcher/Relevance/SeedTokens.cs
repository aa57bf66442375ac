namespace Watcher.Relevance;

/// <summary>A content word of a seed with what the learner needs to spot names.</summary>
/// <param name="Surface">The folded word before stemming, to show terms as people write them.</param>
/// <param name="Adjacent">No word (not even a stopword) and no punctuation since the previous content word.</param>
/// <param name="Break">Punctuation that ends a phrase came since the previous content word.</param>
internal readonly record struct SeedToken(string Stem, string Surface, bool Capitalized, bool Adjacent, bool Break);

internal static class SeedTokens
{
    public static SeedToken[] Read(string text)
    {
        var tokens = new List<SeedToken>();
        Span<char> buffer = stackalloc char[TextNormalizer.MaxTokenLength];
        var scanner = new TokenScanner(text);
        var skippedStopword = false;
        var pendingBreak = false;
        while (scanner.Next(buffer, out var length, out var breakBefore))
        {
            pendingBreak |= breakBefore;
            var stem = buffer[..length];
            if (Stopwords.Contains(stem))
            {
                skippedStopword = true;
                continue;
            }

            var raw = text.AsSpan(scanner.LastStart, scanner.LastEnd - scanner.LastStart);
            tokens.Add(new SeedToken(
                new string(stem),
                TextNormalizer.Fold(raw.ToString()),
                char.IsUpper(raw[0]),
                Adjacent: !skippedStopword && !pendingBreak,
                Break: pendingBreak));
            skippedStopword = false;
            pendingBreak = false;
        }

        return [.. tokens];
    }

    /// <summary>The positions of each stem in a seed.</summary>
    public static Dictionary<string, List<int>> Positions(SeedToken[] tokens)
    {
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!positions.TryGetValue(tokens[i].Stem, out var list))
            {
                positions[tokens[i].Stem] = list = [];
            }

            list.Add(i);
        }

        return positions;
    }

    /// <summary>Whether the phrase (stems) starts at position i, reading across stopwords but not punctuation.</summary>
    public static bool PhraseAt(SeedToken[] tokens, int i, string[] phrase)
    {
        if (i + phrase.Length > tokens.Length)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(tokens[i + k].Stem, phrase[k], StringComparison.Ordinal) || (k > 0 && tokens[i + k].Break))
            {
                return false;
            }
        }

        return true;
    }
}
