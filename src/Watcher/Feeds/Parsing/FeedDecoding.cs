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
/// Every encoding of .NET's code-pages provider (KOI8-R, windows-1251, ISO-8859-7, EUC-KR, Shift_JIS…)
/// is honoured when declared. Declarations lie often enough that the bytes get the last word: valid
/// multi-byte UTF-8 declared as a legacy code page is read as UTF-8; UTF-8 with a few broken bytes is
/// read as UTF-8 with only those bytes repaired; bytes that are not UTF-8 at all are read as windows-1252.
/// </summary>
internal static class FeedDecoding
{
    // A static constructor, not a field initializer: the provider must be registered before the first
    // Encoding.GetEncoding("koi8-r"), whichever member runs first (a lazily run initializer let
    // legacy names fail to resolve, and their feeds fell back to windows-1252).
    static FeedDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
        Utf8Repairing = Encoding.GetEncoding(Encoding.UTF8.CodePage, EncoderFallback.ReplacementFallback, new Windows1252ByteFallback(Windows1252));
    }

    private static readonly Encoding Windows1252;

    // No BOM emitted, no exception on bad bytes (they were validated before UTF-8 is chosen).
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>UTF-8 whose broken bytes are each read as windows-1252 (a lone Latin-1 byte in a UTF-8 feed is its likeliest meaning).</summary>
    private static readonly Encoding Utf8Repairing;

    private static readonly Encoding Utf32LittleEndian = new UTF32Encoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf32BigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: false);

    public static EncodingChoice Choose(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            var utf8 = ChooseUtf8(bytes[3..], 3, declared: null, fallback: null);
            var declared = Resolve(DeclaredEncoding(bytes[3..]));
            return utf8 with { XmlReaderAgrees = utf8.Recovery is null && (declared is null || declared.CodePage == Encoding.UTF8.CodePage) };
        }
        // UTF-32 before UTF-16: FF FE 00 00 also starts like a UTF-16 LE BOM.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]))
        {
            return new(Utf32LittleEndian, 4, null);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            return new(Utf32BigEndian, 4, null);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[(byte)'<', 0, 0, 0]))
        {
            return new(Utf32LittleEndian, 0, null);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, (byte)'<']))
        {
            return new(Utf32BigEndian, 0, null);
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
        if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
        {
            return new(encoding, 0, null);
        }
        var shape = Utf8Shape.Of(bytes);
        if (shape.Invalid == 0 && shape.Valid > 0)
        {
            return new(Utf8NoBom, 0, $"decoded-as-utf-8 (declared {name})");
        }
        // A legacy declaration is believed unless the bytes are overwhelmingly UTF-8.
        if (shape.Valid >= 4 * shape.Invalid && shape.Valid > 0)
        {
            return new(Utf8Repairing, 0, $"decoded-as-utf-8 (declared {name}); {Repaired(shape)}");
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
        // UTF-8 with a few broken bytes (a bad paste in one item) is still UTF-8: only those bytes are repaired.
        var shape = Utf8Shape.Of(bytes);
        if (shape.Valid >= shape.Invalid && shape.Valid > 0)
        {
            return new(Utf8Repairing, offset, $"{Repaired(shape)} ({why})");
        }
        var use = fallback ?? Windows1252;
        return new(use, offset, $"decoded-as-{use.WebName} (invalid utf-8, {why})");
    }

    private static string Repaired(Utf8Shape shape) =>
        $"repaired-invalid-utf-8 ({shape.Invalid} broken byte sequence(s) read as windows-1252, {shape.Valid} valid multi-byte character(s))";

    private static bool IsSingleOrLegacy(Encoding? e) =>
        e is not null && e.CodePage != Encoding.UTF8.CodePage && e is not UnicodeEncoding
        && e.CodePage is not (12000 or 12001);

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

/// <summary>How much of a document's non-ASCII is valid UTF-8: multi-byte characters against broken sequences.</summary>
internal readonly record struct Utf8Shape(int Valid, int Invalid)
{
    public static Utf8Shape Of(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        while (true)
        {
            var next = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (next < 0)
            {
                return new(valid, invalid);
            }
            bytes = bytes[next..];
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                valid++;
            }
            else
            {
                invalid++;
            }
            bytes = bytes[Math.Max(1, consumed)..];
        }
    }
}

/// <summary>
/// Reads each byte of a broken UTF-8 sequence as windows-1252 (é, €, ’ are the usual strays); the
/// five bytes windows-1252 leaves undefined become U+FFFD.
/// </summary>
internal sealed class Windows1252ByteFallback(Encoding windows1252) : DecoderFallback
{
    public override int MaxCharCount => 4;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(windows1252);

    private sealed class Buffer(Encoding windows1252) : DecoderFallbackBuffer
    {
        private char[] _chars = new char[4];
        private int _count;
        private int _next;

        public override int Remaining => _count - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _count = 0;
            _next = 0;
            Span<char> one = stackalloc char[1];
            if (bytesUnknown.Length > _chars.Length)
            {
                _chars = new char[bytesUnknown.Length];
            }
            foreach (var b in bytesUnknown)
            {
                windows1252.GetChars([b], one);
                _chars[_count++] = one[0] is >= '\u0080' and <= '\u009F' ? '\uFFFD' : one[0];
            }
            return _count > 0;
        }

        public override char GetNextChar() => _next < _count ? _chars[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
            {
                return false;
            }
            _next--;
            return true;
        }

        public override void Reset()
        {
            _count = 0;
            _next = 0;
        }
    }
}
