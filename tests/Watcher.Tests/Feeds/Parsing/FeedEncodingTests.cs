using System.Text;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class FeedEncodingTests
{
    private const string Title = "Relations Mali–Russie : l'été à Bamako";

    // Taken from the provider directly, never registered here: the parser must register it itself.
    private static Encoding CodePage(int codePage) => CodePagesEncodingProvider.Instance.GetEncoding(codePage)!;

    private static string Doc(string? declaredEncoding, string title) =>
        (declaredEncoding is null ? "" : $"<?xml version=\"1.0\" encoding=\"{declaredEncoding}\"?>")
        + $"<rss version=\"2.0\"><channel><title>{title}</title></channel></rss>";

    [Fact]
    public void Utf8_with_bom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Doc("utf-8", Title))).ToArray();

        Assert.Equal(Title, FeedParser.Parse(bytes).Title);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16_little_and_big_endian_with_bom(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Doc("utf-16", Title))).ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.Equal(Title, feed.Title);
        Assert.Empty(feed.Recoveries);
    }

    [Fact]
    public void Declared_iso_8859_1_latin_bytes()
    {
        const string latin = "Actualités : l'été à Bamako";
        var bytes = Encoding.Latin1.GetBytes(Doc("ISO-8859-1", latin));

        var feed = FeedParser.Parse(bytes);

        Assert.Equal(latin, feed.Title);
        Assert.Empty(feed.Recoveries);
    }

    [Fact]
    public void Declared_windows_1251_cyrillic_bytes()
    {
        const string russian = "Новости России и Мали";
        var bytes = CodePage(1251).GetBytes(Doc("windows-1251", russian));

        Assert.Equal(russian, FeedParser.Parse(bytes).Title);
    }

    [Fact]
    public void Http_charset_used_when_the_document_declares_nothing()
    {
        const string russian = "Новости";
        var bytes = CodePage(1251).GetBytes(Doc(null, russian));

        Assert.Equal(russian, FeedParser.Parse(bytes, httpCharset: "windows-1251").Title);
    }

    [Fact]
    public void Utf8_bytes_declared_as_iso_8859_1_are_read_as_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Doc("ISO-8859-1", Title));

        var feed = FeedParser.Parse(bytes, httpCharset: "iso-8859-1");

        Assert.Equal(Title, feed.Title);
        Assert.Contains(feed.Recoveries, r => r.StartsWith("decoded-as-utf-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_utf8_without_declaration_is_read_as_windows_1252()
    {
        const string text = "Caf\u00e9 \u20ac";
        var bytes = CodePage(1252).GetBytes(Doc(null, text));

        var feed = FeedParser.Parse(bytes);

        Assert.Equal(text, feed.Title);
        Assert.Contains(feed.Recoveries, r => r.StartsWith("decoded-as-windows-1252", StringComparison.Ordinal));
    }

    [Fact]
    public void Mojibake_in_valid_utf8_is_kept_as_the_bytes_say()
    {
        const string mojibake = "ActualitÃ©s";

        Assert.Equal(mojibake, FeedParser.Parse(Encoding.UTF8.GetBytes(Doc("utf-8", mojibake))).Title);
    }

    /// <summary>
    /// Every encoding .NET knows (its own and the code-pages provider's) that writes an XML declaration
    /// in ASCII: a title of characters it can hold reads back, declared in the document or in HTTP.
    /// </summary>
    [Fact]
    public void Every_ascii_compatible_code_page_is_honoured_when_declared()
    {
        var names = CodePagesEncodingProvider.Instance.GetEncodings().Concat(Encoding.GetEncodings())
            .Select(info => info.GetEncoding()).DistinctBy(e => e.CodePage).ToList();
        var tried = new List<string>();
        var failures = new List<string>();
        foreach (var encoding in names)
        {
            // A document can only name an encoding by its label; a code page whose label means another (20932 is "euc-jp", read as 51932) cannot be declared.
            if (CodePagesEncodingProvider.Instance.GetEncoding(encoding.WebName) is { } named && named.CodePage != encoding.CodePage)
            {
                continue;
            }
            var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            if (!strict.GetBytes("<?xml encoding=\"x\"?><rss>").SequenceEqual(Encoding.ASCII.GetBytes("<?xml encoding=\"x\"?><rss>"))
                || strict is UnicodeEncoding or UTF32Encoding or UTF8Encoding)
            {
                continue;
            }
            var title = "Mali " + new string(SampleCharacters.Where(c => RoundTrips(strict, c)).Take(12).ToArray());
            if (title.Length < "Mali ".Length + 3)
            {
                continue;
            }
            tried.Add(encoding.WebName);
            var declared = FeedParser.Parse(strict.GetBytes(Doc(encoding.WebName, title)));
            if (declared.Title != title)
            {
                failures.Add($"{encoding.WebName} ({encoding.CodePage}) declared: '{declared.Title}' for '{title}'");
            }
            var http = FeedParser.Parse(strict.GetBytes(Doc(null, title)), httpCharset: encoding.WebName);
            if (http.Title != title)
            {
                failures.Add($"{encoding.WebName} ({encoding.CodePage}) HTTP charset: '{http.Title}' for '{title}'");
            }
        }
        Assert.True(tried.Count >= 40, $"only {tried.Count} encodings tried: {string.Join(", ", tried)}");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    // Latin, Cyrillic, Greek, Hebrew, Arabic, Thai, Vietnamese, CJK and Korean letters: each code page holds some.
    private const string SampleCharacters =
        "éèàçüößøåñłőűčšžğışÆŒ€ПримерлентыЁёΕιδήσειςΡωσίαשלוםمرحباสวัสดีƯơđ新聞俄罗斯ロシア러시아뉴스";

    private static bool RoundTrips(Encoding strict, char c)
    {
        try
        {
            var bytes = strict.GetBytes(c.ToString());
            return bytes.Length > 0 && bytes[0] >= 0x80 && strict.GetString(bytes) == c.ToString();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf32_little_and_big_endian_with_bom(bool bigEndian)
    {
        var encoding = new UTF32Encoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Doc("utf-32", Title))).ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.Equal(Title, feed.Title);
        Assert.Empty(feed.Recoveries);
    }

    [Fact]
    public void One_invalid_byte_in_utf8_is_repaired_alone_and_said()
    {
        const string good = "Goïta reçu au Kremlin par Poutine : coopération élargie";
        var head = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Actualités</title><item><title>{good}</title></item><item><title>Caf");
        // A lone windows-1252 'é' pasted into one UTF-8 item.
        var tail = Encoding.UTF8.GetBytes(" à Bamako</title></item></channel></rss>");
        var bytes = head.Concat(new byte[] { 0xE9 }).Concat(tail).ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.Equal("Actualités", feed.Title);
        Assert.Equal(good, feed.Items[0].Title);
        Assert.Equal("Café à Bamako", feed.Items[1].Title);
        Assert.Contains(feed.Recoveries, r => r.StartsWith("repaired-invalid-utf-8 (1 broken", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_utf8_declared_as_legacy_but_mostly_utf8_is_repaired_too()
    {
        var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Sécurité à Ségou, Mopti et Gao</title><item><title>x");
        var bytes = head.Concat(new byte[] { 0x92 }).Concat(Encoding.UTF8.GetBytes("s</title></item></channel></rss>")).ToArray();

        var feed = FeedParser.Parse(bytes);

        Assert.Equal("Sécurité à Ségou, Mopti et Gao", feed.Title);
        Assert.Equal("x’s", feed.Items[0].Title);
    }
}
