using System.Text;
using System.Text.RegularExpressions;

namespace Watcher.Feeds.Parsing;

/// <summary>
/// The reader never expands a DTD, but a document whose DTD declares external entities (XXE) or
/// entities built from other entities (an expansion bomb) is hostile, not merely broken: it is
/// refused, so the attempt shows as a feed error instead of passing quietly.
/// </summary>
internal static partial class DtdGuard
{
    private const int Window = 64 * 1024;

    public static void Check(ReadOnlySpan<byte> head, Encoding encoding)
    {
        var span = head[..Math.Min(head.Length, Window)];
        if (span.IndexOf("<!DOCTYPE"u8) < 0 && span.IndexOf("<!doctype"u8) < 0)
            return;
        Check(encoding.GetString(span));
    }

    public static void Check(string text)
    {
        var subset = text.AsSpan(0, Math.Min(text.Length, Window));
        var doctype = subset.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (doctype < 0)
            return;
        var declarations = subset[doctype..].ToString();
        if (External().IsMatch(declarations))
            throw new FeedParseException("refused: the DTD declares an external entity (XXE)");
        if (Nested().IsMatch(declarations))
            throw new FeedParseException("refused: the DTD declares entities made of other entities (entity expansion bomb)");
    }

    [GeneratedRegex("""<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b""", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex External();

    [GeneratedRegex("""<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:"[^"]*[&%][A-Za-z_:][^"]*"|'[^']*[&%][A-Za-z_:][^']*')""", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Nested();
}
