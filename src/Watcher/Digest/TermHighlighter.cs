using System.Globalization;
using System.Text;

namespace Watcher.Digest;

/// <summary>A range of the original text that a matched term covers.</summary>
internal readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Finds matched terms in display text ignoring case and accents ("cooperation" finds
/// "Coopération"), so the reader sees why the classifier picked the article.
/// </summary>
internal static class TermHighlighter
{
    /// <summary>
    /// Spans are merged and ordered. A term must start a word; the highlight runs to the end of
    /// the word it ends in, so a stem such as "russ" marks the whole of "Russes".
    /// </summary>
    public static IReadOnlyList<TextSpan> Find(string text, IEnumerable<string> terms)
    {
        if (text.Length == 0)
            return [];

        var (folded, map) = Fold(text);
        var spans = new List<TextSpan>();
        foreach (var term in terms)
        {
            var needle = Fold(FeedText.Clean(term)).Folded.Trim();
            if (needle.Length == 0)
                continue;

            var from = 0;
            while (from <= folded.Length - needle.Length)
            {
                var at = folded.IndexOf(needle, from, StringComparison.Ordinal);
                if (at < 0)
                    break;
                from = at + 1;
                if (at > 0 && char.IsLetterOrDigit(folded[at - 1]))
                    continue;

                var end = at + needle.Length;
                while (end < folded.Length && char.IsLetterOrDigit(folded[end]))
                    end++;
                var start = map[at];
                var stop = map[end - 1] + 1;
                // Keep surrogate pairs whole.
                if (stop < text.Length && char.IsLowSurrogate(text[stop]))
                    stop++;
                spans.Add(new TextSpan(start, stop - start));
            }
        }
        return Merge(spans);
    }

    private static List<TextSpan> Merge(List<TextSpan> spans)
    {
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<TextSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new TextSpan(last.Start, Math.Max(last.End, span.End) - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    /// <summary>Lower-cases and strips accents; map[i] is the index in the original of folded[i].</summary>
    internal static (string Folded, int[] Map) Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                sb.Append(c);
                map.Add(i);
                continue;
            }
            var replacement = c switch
            {
                'œ' or 'Œ' => "oe",
                'æ' or 'Æ' => "ae",
                'ß' => "ss",
                '’' or '‘' or 'ʼ' or '`' => "'",
                '\u00A0' or '\u202F' or '\u2009' => " ",
                '‐' or '‑' or '–' or '—' => "-",
                _ => null,
            };
            foreach (var d in replacement ?? c.ToString().Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) == UnicodeCategory.NonSpacingMark)
                    continue;
                sb.Append(char.ToLowerInvariant(d));
                map.Add(i);
            }
        }
        return (sb.ToString(), map.ToArray());
    }
}
