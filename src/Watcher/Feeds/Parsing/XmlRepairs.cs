using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html;

namespace Watcher.Feeds.Parsing;

/// <summary>
/// Textual repairs for documents a strict XML reader refuses, applied only after it refused:
/// HTML entities become characters, bare ampersands are escaped, characters XML forbids are
/// dropped, the DOCTYPE is removed and missing namespace prefixes are declared. CDATA sections
/// and comments are copied untouched (except for forbidden characters).
/// </summary>
internal static partial class XmlRepairs
{
    public static string Repair(string text, List<string> recoveries)
    {
        text = DropDoctype(text, recoveries);
        text = FixCharactersAndEntities(text, recoveries);
        text = DeclareMissingPrefixes(text, recoveries);
        return text;
    }

    private static string DropDoctype(string text, List<string> recoveries)
    {
        var at = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (at < 0 || at > 4096)
        {
            return text;
        }
        // Skip to the closing '>' of the declaration, past an internal subset in brackets.
        int i = at + 9, bracket = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '[')
            {
                bracket++;
            }
            else if (c == ']')
            {
                bracket--;
            }
            else if (c == '>' && bracket <= 0)
            {
                break;
            }
        }
        recoveries.Add("dropped-doctype");
        return i >= text.Length ? text[..at] : string.Concat(text.AsSpan(0, at), text.AsSpan(i + 1));
    }

    private static string FixCharactersAndEntities(string text, List<string> recoveries)
    {
        var sb = new StringBuilder(text.Length + 64);
        bool entities = false, ampersands = false, chars = false;
        int i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<' && IsAt(text, i, "<![CDATA["))
            {
                i = CopyUntil(text, i, "]]>", sb, ref chars);
                continue;
            }
            if (c == '<' && IsAt(text, i, "<!--"))
            {
                i = CopyUntil(text, i, "-->", sb, ref chars);
                continue;
            }
            if (c == '&')
            {
                i = FixReference(text, i, sb, ref entities, ref ampersands);
                continue;
            }
            if (!AppendIfXmlChar(text, ref i, sb))
            {
                chars = true;
            }
        }
        if (entities)
        {
            recoveries.Add("html-entities-to-characters");
        }
        if (ampersands)
        {
            recoveries.Add("escaped-bare-ampersands");
        }
        if (chars)
        {
            recoveries.Add("removed-invalid-xml-chars");
        }
        return entities || ampersands || chars ? sb.ToString() : text;
    }

    private static bool IsAt(string text, int i, string token) =>
        string.CompareOrdinal(text, i, token, 0, token.Length) == 0;

    private static int CopyUntil(string text, int i, string terminator, StringBuilder sb, ref bool chars)
    {
        var end = text.IndexOf(terminator, i, StringComparison.Ordinal);
        end = end < 0 ? text.Length : end + terminator.Length;
        while (i < end)
        {
            if (!AppendIfXmlChar(text, ref i, sb))
            {
                chars = true;
            }
        }
        return end;
    }

    /// <summary>Appends text[i] (or a surrogate pair) when XML 1.0 allows it; advances i either way.</summary>
    private static bool AppendIfXmlChar(string text, ref int i, StringBuilder sb)
    {
        var c = text[i];
        if (c >= 0x20 && c < 0xD800 || c is '\t' or '\n' or '\r' || c >= 0xE000 && c <= 0xFFFD)
        {
            sb.Append(c);
            i++;
            return true;
        }
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            sb.Append(c).Append(text[i + 1]);
            i += 2;
            return true;
        }
        i++;
        return false;
    }

    private static int FixReference(string text, int i, StringBuilder sb, ref bool entities, ref bool ampersands)
    {
        // Find "&name;" or "&#...;" with a plausible length.
        int j = i + 1;
        while (j < text.Length && j - i <= 40 && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '#'))
        {
            j++;
        }
        if (j < text.Length && text[j] == ';' && j > i + 1)
        {
            var name = text.AsSpan(i + 1, j - i - 1);
            if (name[0] == '#')
            {
                if (IsValidCharReference(name[1..]))
                {
                    sb.Append(text, i, j - i + 1);
                    return j + 1;
                }
                entities = true; // a reference to a forbidden character: dropped
                return j + 1;
            }
            if (name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                sb.Append(text, i, j - i + 1);
                return j + 1;
            }
            var symbol = HtmlEntityProvider.Resolver.GetSymbol(string.Concat(name, ";"));
            if (!string.IsNullOrEmpty(symbol))
            {
                foreach (var ch in symbol)
                {
                    sb.Append(ch switch { '<' => "&lt;", '&' => "&amp;", '>' => "&gt;", '"' => "&quot;", _ => ch.ToString() });
                }
                entities = true;
                return j + 1;
            }
        }
        // Not a reference at all (or an unknown, never-expanded one): the ampersand is text.
        sb.Append("&amp;");
        ampersands = true;
        return i + 1;
    }

    private static bool IsValidCharReference(ReadOnlySpan<char> digits)
    {
        bool hex = digits.Length > 0 && (digits[0] == 'x' || digits[0] == 'X');
        var number = hex ? digits[1..] : digits;
        if (number.IsEmpty || number.Length > 8 || !int.TryParse(number,
                hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var cp))
        {
            return false;
        }
        return cp is 0x9 or 0xA or 0xD || cp is >= 0x20 and <= 0xD7FF || cp is >= 0xE000 and <= 0xFFFD
            || cp is >= 0x10000 and <= 0x10FFFF;
    }

    private static readonly Dictionary<string, string> KnownNamespaces = new(StringComparer.Ordinal)
    {
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["slash"] = "http://purl.org/rss/1.0/modules/slash/",
        ["wfw"] = "http://wellformedweb.org/CommentAPI/",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["georss"] = "http://www.georss.org/georss",
        ["feedburner"] = "http://rssnamespace.org/feedburner/ext/1.0",
    };

    [GeneratedRegex(@"</?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=")]
    private static partial Regex PrefixUse();

    [GeneratedRegex(@"xmlns:([A-Za-z_][\w.-]*)\s*=")]
    private static partial Regex PrefixDeclaration();

    private static string DeclareMissingPrefixes(string text, List<string> recoveries)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal) { "xml", "xmlns" };
        foreach (Match m in PrefixDeclaration().Matches(text))
        {
            declared.Add(m.Groups[1].Value);
        }
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in PrefixUse().Matches(text))
        {
            var prefix = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (!declared.Contains(prefix))
            {
                missing.Add(prefix);
            }
        }
        if (missing.Count == 0)
        {
            return text;
        }
        var root = FindRootNameEnd(text);
        if (root < 0)
        {
            return text;
        }
        var declarations = new StringBuilder();
        foreach (var prefix in missing)
        {
            var uri = KnownNamespaces.GetValueOrDefault(prefix, "urn:undeclared-prefix:" + prefix);
            declarations.Append(" xmlns:").Append(prefix).Append("=\"").Append(uri).Append('"');
        }
        recoveries.Add("declared-missing-prefixes:" + string.Join(',', missing));
        return text.Insert(root, declarations.ToString());
    }

    /// <summary>Index just after the root element's name, or -1.</summary>
    private static int FindRootNameEnd(string text)
    {
        int i = 0;
        while ((i = text.IndexOf('<', i)) >= 0 && i + 1 < text.Length)
        {
            var next = text[i + 1];
            if (next == '?' || next == '!')
            {
                var close = next == '!' && IsAt(text, i, "<!--") ? text.IndexOf("-->", i, StringComparison.Ordinal) : text.IndexOf('>', i);
                if (close < 0)
                {
                    return -1;
                }
                i = close + 1;
                continue;
            }
            int j = i + 1;
            while (j < text.Length && !char.IsWhiteSpace(text[j]) && text[j] != '>' && text[j] != '/')
            {
                j++;
            }
            return j;
        }
        return -1;
    }
}
