using System.Text;
using System.Text.Unicode;

namespace Watcher.Feeds.Parsing;

/// <summary>How to read the document's bytes: which encoding, from which offset (past a BOM), and what was guessed.</summary>
internal readonly record struct EncodingChoice(Encoding Encoding, int Offset, string? Recovery, bool XmlReaderAgrees = false)
{
    /// <summary>ASCII bytes mean ASCII characters (not UTF-16/32), so markup can be sniffed on the bytes.</summary>
    public bool AsciiCompatible => Encoding.IsSingleByte || Encoding.CodePage == Encoding.UTF8.CodePage
        || Encoding.CodePage is 932 or 936 or 949 or 950 or 51932 or 51936 or 51949 or 54936;
}

/// <summary>
/// Chooses how to read feed bytes: BOM, then the XML declaration, then the HTTP charset, then UTF-8.
/// Declarations lie often enough that the bytes get the last word: valid multi-byte UTF-8 declared
/// as a legacy code page is read as UTF-8, and invalid UTF-8 is read as windows-1252.
/// </summary>
internal static class FeedDecoding
{
    private static readonly Encoding Windows1252 = RegisterCodePages();

    // No BOM emitted, no exception on bad bytes (they were validated before UTF-8 is chosen).
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static Encoding RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    public static EncodingChoice Choose(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            var utf8 = ChooseUtf8(bytes[3..], 3, declared: null, fallback: null);
            var declared = Resolve(DeclaredEncoding(bytes[3..]));
            return utf8 with { XmlReaderAgrees = utf8.Recovery is null && (declared is null || declared.CodePage == Encoding.UTF8.CodePage) };
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return new(Encoding.Unicode, 2, null);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return new(Encoding.BigEndianUnicode, 2, null);
        }
        if (bytes.Length >= 4 && bytes[0] == '<' && bytes[1] == 0 && bytes[2] != 0)
        {
            return new(Encoding.Unicode, 0, null);
        }
        if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == '<' && bytes[3] != 0)
        {
            return new(Encoding.BigEndianUnicode, 0, null);
        }

        var http = Clean(httpCharset);
        var name = DeclaredEncoding(bytes) ?? http;
        var encoding = Resolve(name);
        if (encoding is null || encoding.CodePage == Encoding.UTF8.CodePage
            || encoding is UnicodeEncoding || encoding.CodePage is 12000 or 12001)
        {
            // (UTF-16/32 declared without a BOM or zero bytes: the declaration is wrong.)
            var fallback = Resolve(http);
            var utf8 = ChooseUtf8(bytes, 0, name, IsSingleOrLegacy(fallback) ? fallback : null);
            // The XML reader would pick UTF-8 from the bytes itself and may then read them directly.
            var declaresUtf8 = name is null || encoding?.CodePage == Encoding.UTF8.CodePage;
            return utf8 with { XmlReaderAgrees = utf8.Recovery is null && declaresUtf8 && DeclaredEncoding(bytes) == name };
        }
        if (HasMultiByteUtf8(bytes))
        {
            return new(Utf8NoBom, 0, $"decoded-as-utf-8 (declared {name})");
        }
        return new(encoding, 0, null);
    }

    private static EncodingChoice ChooseUtf8(ReadOnlySpan<byte> bytes, int offset, string? declared, Encoding? fallback)
    {
        if (Utf8.IsValid(bytes))
        {
            return new(Utf8NoBom, offset, null);
        }
        var why = declared is null ? "undeclared" : $"declared {declared}";
        var use = fallback ?? Windows1252;
        return new(use, offset, $"decoded-as-{use.WebName} (invalid utf-8, {why})");
    }

    private static bool IsSingleOrLegacy(Encoding? e) =>
        e is not null && e.CodePage != Encoding.UTF8.CodePage && e is not UnicodeEncoding
        && e.CodePage is not (12000 or 12001);

    private static bool HasMultiByteUtf8(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 && Utf8.IsValid(bytes);

    private static Encoding? Resolve(string? name)
    {
        if (name is null)
        {
            return null;
        }
        // As browsers do: Latin-1 and ASCII labels mean windows-1252, its superset.
        if (name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)
            || name.Equals("latin1", StringComparison.OrdinalIgnoreCase)
            || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("iso8859-1", StringComparison.OrdinalIgnoreCase))
        {
            return Windows1252;
        }
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Clean(string? charset)
    {
        var c = charset?.Trim().Trim('"', '\'');
        return string.IsNullOrEmpty(c) ? null : c;
    }

    /// <summary>encoding="..." from an XML declaration at the start (ASCII-compatible bytes only).</summary>
    internal static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 512)];
        var start = head.IndexOf("<?xml"u8);
        if (start < 0)
        {
            return null;
        }
        var end = head[start..].IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }
        var decl = head.Slice(start, end);
        var at = decl.IndexOf("encoding"u8);
        if (at < 0)
        {
            return null;
        }
        var rest = decl[(at + 8)..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] != '=')
        {
            return null;
        }
        rest = rest[1..].TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || (rest[0] != '"' && rest[0] != '\''))
        {
            return null;
        }
        var quote = rest[0];
        rest = rest[1..];
        var close = rest.IndexOf(quote);
        if (close <= 0 || close > 40)
        {
            return null;
        }
        return Encoding.ASCII.GetString(rest[..close]).Trim();
    }
}
