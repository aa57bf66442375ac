using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Watcher.Feeds;

/// <summary>
/// Plain text from the HTML fragments feeds put in titles and descriptions: tags dropped
/// (script/style with their content), block elements turned into line breaks, entities decoded,
/// whitespace collapsed. Input beyond <see cref="MaxInputChars"/> is ignored, so hostile
/// documents cost bounded time.
/// </summary>
public static class HtmlText
{
    public const int MaxInputChars = 100_000;

    private const int MaxNesting = 256;

    // One parser per thread: cheap reuse without relying on the parser being thread-safe.
    [ThreadStatic]
    private static HtmlParser? _parser;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "base", "col", "embed", "param", "track",
    };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav", "figure",
        "figcaption", "table", "tr", "address", "main", "details", "summary",
    };

    private static readonly HashSet<string> Cells = new(StringComparer.OrdinalIgnoreCase) { "td", "th" };

    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }
        var input = Cap(html);
        if (!LooksLikeMarkup(input))
        {
            if (!input.Contains('&', StringComparison.Ordinal))
            {
                return Collapse(input);
            }
            // Entities only; when they hid escaped markup ("&lt;p&gt;"), read that markup too.
            input = WebUtility.HtmlDecode(input);
            if (!LooksLikeMarkup(input))
            {
                return Collapse(input);
            }
        }
        if (NestingDepth(input) > MaxNesting)
        {
            // Tree building slows down quadratically with depth; a flat tag strip is enough here.
            return Collapse(WebUtility.HtmlDecode(StripTags(input)));
        }
        using var document = (_parser ??= new HtmlParser()).ParseDocument(input);
        var sb = new StringBuilder(input.Length);
        if (document.Body is { } body)
        {
            Append(body, sb);
        }
        return Collapse(sb.ToString());
    }

    private static string Cap(string html)
    {
        return TextLimits.Truncate(html, MaxInputChars);
    }

    private static bool LooksLikeMarkup(string s)
    {
        for (int i = s.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < s.Length; i = s.IndexOf('<', i + 1))
        {
            var next = s[i + 1];
            if (char.IsAsciiLetter(next) || next is '/' or '!')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>An upper estimate of how deep the elements nest (unclosed p/li count as open).</summary>
    private static int NestingDepth(string s)
    {
        int depth = 0, max = 0;
        for (int i = s.IndexOf('<', StringComparison.Ordinal); i >= 0 && i + 1 < s.Length; i = s.IndexOf('<', i + 1))
        {
            if (s[i + 1] == '/')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }
            if (!char.IsAsciiLetter(s[i + 1]))
            {
                continue;
            }
            var close = s.IndexOf('>', i);
            if (close < 0)
            {
                break;
            }
            int nameEnd = i + 1;
            while (nameEnd < close && char.IsAsciiLetterOrDigit(s[nameEnd]))
            {
                nameEnd++;
            }
            if (s[close - 1] != '/' && !Void.Contains(s[(i + 1)..nameEnd]))
            {
                max = Math.Max(max, ++depth);
            }
        }
        return max;
    }

    /// <summary>Tags removed (block tags leave a line break), script and style dropped with their content.</summary>
    private static string StripTags(string s)
    {
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            var open = s.IndexOf('<', i);
            if (open < 0)
            {
                sb.Append(s, i, s.Length - i);
                break;
            }
            sb.Append(s, i, open - i);
            var close = s.IndexOf('>', open);
            if (close < 0)
            {
                break;
            }
            int nameStart = s[open + 1] == '/' ? open + 2 : open + 1, nameEnd = nameStart;
            while (nameEnd < close && char.IsAsciiLetterOrDigit(s[nameEnd]))
            {
                nameEnd++;
            }
            var name = s[nameStart..nameEnd];
            i = close + 1;
            if (nameStart == open + 1 && Skipped.Contains(name))
            {
                var end = s.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? s.Length : end;
            }
            else if (Blocks.Contains(name))
            {
                sb.Append('\n');
            }
            else if (Cells.Contains(name))
            {
                sb.Append(' ');
            }
        }
        return sb.ToString();
    }

    private static void Append(INode node, StringBuilder sb)
    {
        // Iterative walk: hostile input can nest elements deeply enough to overflow a recursive one.
        var stack = new Stack<(INode Node, bool Closing)>();
        stack.Push((node, false));
        while (stack.Count > 0)
        {
            var (current, closing) = stack.Pop();
            if (current is IElement element)
            {
                var name = element.LocalName;
                if (closing)
                {
                    sb.Append(Blocks.Contains(name) ? '\n' : Cells.Contains(name) ? ' ' : '\0');
                    continue;
                }
                if (Skipped.Contains(name))
                {
                    continue;
                }
                if (Blocks.Contains(name))
                {
                    sb.Append('\n');
                }
                else if (name.Equals("img", StringComparison.OrdinalIgnoreCase))
                {
                    sb.Append(' ');
                }
                stack.Push((current, true));
                for (var child = current.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, false));
                }
            }
            else if (current is IText text)
            {
                sb.Append(text.Data);
            }
            else if (current.NodeType is NodeType.Document or NodeType.DocumentFragment)
            {
                for (var child = current.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, false));
                }
            }
        }
    }

    /// <summary>Runs of spaces become one space, runs holding a line break become one line break; trimmed.</summary>
    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool pendingSpace = false, pendingBreak = false;
        foreach (var c in s)
        {
            if (c == '\0')
            {
                continue; // marks the end of an inline element: no separator
            }
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                pendingBreak = true;
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = true;
                continue;
            }
            if (sb.Length > 0)
            {
                if (pendingBreak)
                {
                    sb.Append('\n');
                }
                else if (pendingSpace)
                {
                    sb.Append(' ');
                }
            }
            pendingSpace = pendingBreak = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
