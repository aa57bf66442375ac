namespace Watcher.Relevance;

/// <summary>
/// Walks a text and writes each folded, stemmed word into a caller's buffer, without allocating
/// (Cyrillic and Arabic words stemmed by their language's stemmer, see <see cref="Inflection.Canonical"/>).
/// Apostrophes (straight or typographic) and hyphens separate words, so l'armée gives "l" + "armee"
/// and russo-malien gives "russo" + "malien"; the elided "l", "d", "qu"... are stopwords.
/// </summary>
internal ref struct TokenScanner(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _position;

    /// <summary>Where the last word started in the text (before folding).</summary>
    public int LastStart { get; private set; }

    /// <summary>Where the last word ended in the text (exclusive).</summary>
    public int LastEnd { get; private set; }

    /// <param name="breakBefore">True when punctuation that ends a phrase came since the previous word.</param>
    public bool Next(scoped Span<char> buffer, out int length, out bool breakBefore)
    {
        breakBefore = false;
        length = 0;
        var text = _text;
        var i = _position;

        while (i < text.Length)
        {
            var folded = CharFolding.Fold(text[i]);
            if (!CharFolding.IsSeparator(folded) && folded != CharFolding.Ignorable)
            {
                break;
            }

            breakBefore |= folded == CharFolding.Break;
            i++;
        }

        if (i >= text.Length)
        {
            _position = i;
            return false;
        }

        LastStart = i;
        while (i < text.Length)
        {
            var folded = CharFolding.Fold(text[i]);
            if (CharFolding.IsSeparator(folded))
            {
                break;
            }

            if (folded == CharFolding.Expand)
            {
                foreach (var e in CharFolding.Expansion(text[i])!)
                {
                    if (length < buffer.Length)
                    {
                        buffer[length++] = e;
                    }
                }
            }
            else if (folded != CharFolding.Ignorable && length < buffer.Length)
            {
                buffer[length++] = folded;
            }

            i++;
        }

        _position = i;
        LastEnd = i;
        length = Inflection.Canonical(buffer, TextNormalizer.Stem(buffer[..length]));
        return true;
    }
}
