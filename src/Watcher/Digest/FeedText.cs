using System.Text;

namespace Watcher.Digest;

/// <summary>
/// Turns feed-supplied strings into clean single-paragraph text fit for a digest line. Stored titles and
/// summaries are already plain text (the poller reduced the feed's HTML once); anything that looks like
/// markup in them is text, shown escaped, never parsed again.
/// </summary>
internal static class FeedText
{
    /// <summary>
    /// Collapses whitespace and drops control characters and broken surrogates, which would
    /// otherwise break the plain-text layout or turn into replacement characters in UTF-8.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;

        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    Append(sb, ref pendingSpace, c);
                    sb.Append(value[++i]);
                }
                continue;
            }
            if (char.IsLowSurrogate(c))
                continue;
            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c) || c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069')
                continue;
            Append(sb, ref pendingSpace, c);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ref bool pendingSpace, char c)
    {
        if (pendingSpace)
            sb.Append(' ');
        pendingSpace = false;
        sb.Append(c);
    }

    /// <summary>Cuts at a word boundary near <paramref name="maxLength"/> and marks the cut with "…".</summary>
    public static string Snippet(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;

        var cut = text.LastIndexOf(' ', Math.Min(maxLength, text.Length - 1));
        // One very long "word" (a URL, say) would leave almost nothing; cut inside it instead.
        if (cut < maxLength / 2)
            cut = maxLength;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        return text[..cut].TrimEnd(' ', ',', ';', ':', '-', '–', '—', '(') + "…";
    }

}
