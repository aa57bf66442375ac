using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Watcher.Digest;

/// <summary>Turns feed-supplied strings into clean single-paragraph text fit for a digest line.</summary>
internal static partial class FeedText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
        "table", "td", "th", "tr", "ul",
    };

    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head", "title",
    };

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

    /// <summary>
    /// Summaries may still carry the feed's HTML; this keeps only the readable text (never the
    /// contents of scripts or styles) so that it can be escaped and shown as plain words.
    /// </summary>
    public static string SummaryToText(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary))
            return string.Empty;
        if (!LooksLikeMarkup().IsMatch(summary))
            return Clean(summary);

        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var nodes = parser.ParseFragment(summary, document.Body!);
        var sb = new StringBuilder(summary.Length);
        foreach (var node in nodes)
            AppendText(node, sb);
        return Clean(sb.ToString());
    }

    private static void AppendText(INode node, StringBuilder sb)
    {
        switch (node)
        {
            case IText text:
                sb.Append(text.Data);
                break;
            case IElement element when SkippedElements.Contains(element.LocalName):
                break;
            case IElement element:
                var block = BlockElements.Contains(element.LocalName);
                if (block)
                    sb.Append(' ');
                foreach (var child in element.ChildNodes)
                    AppendText(child, sb);
                if (block)
                    sb.Append(' ');
                break;
        }
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

    [GeneratedRegex(@"<\s*/?\s*[a-zA-Z!][^>]*>|&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")]
    private static partial Regex LooksLikeMarkup();
}
