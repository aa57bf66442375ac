using System.Text.Json;
using System.Xml;

namespace Watcher.Feeds.Parsing;

/// <summary>
/// Parse errors as shown to admins and stored on feeds: what kind of fault and where, never the
/// document's own text. XmlException and JsonException messages quote the offending characters, and
/// `watcher feeds check /etc/shadow` must not print the first bytes of a file it cannot read.
/// </summary>
internal static class ParseErrors
{
    // Fixed English texts of System.Xml's messages (they do not follow the UI culture in .NET) -> words of ours.
    private static readonly (string Marker, string Kind)[] XmlKinds =
    [
        ("Unexpected end of file", "the document ends too early"),
        ("does not match the end tag", "a start tag does not match its end tag"),
        ("Reference to undeclared entity", "an undeclared entity"),
        ("undeclared prefix", "an undeclared namespace prefix"),
        ("multiple root elements", "more than one root element"),
        ("Data at the root level is invalid", "text where an element was expected"),
        ("hexadecimal value", "a character XML does not allow"),
        ("is an unexpected token", "an unexpected token"),
        ("is an invalid attribute character", "an invalid character in an attribute"),
        ("duplicate attribute", "an attribute given twice"),
    ];

    public static string Describe(XmlException e)
    {
        var kind = XmlKinds.FirstOrDefault(k => e.Message.Contains(k.Marker, StringComparison.OrdinalIgnoreCase)).Kind ?? "not well-formed";
        return e.LineNumber > 0 ? $"{kind} at line {e.LineNumber}, position {e.LinePosition}" : kind;
    }

    public static string Describe(JsonException e) =>
        e.LineNumber is { } line ? $"at line {line + 1}, byte {e.BytePositionInLine + 1}" : "at an unknown place";
}
