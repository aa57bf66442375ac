using System.Text;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds.Parsing;

public sealed class FeedEncodingTests
{
    private const string Title = "Relations Mali–Russie : l'été à Bamako";

    static FeedEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

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
        var bytes = Encoding.GetEncoding(1251).GetBytes(Doc("windows-1251", russian));

        Assert.Equal(russian, FeedParser.Parse(bytes).Title);
    }

    [Fact]
    public void Http_charset_used_when_the_document_declares_nothing()
    {
        const string russian = "Новости";
        var bytes = Encoding.GetEncoding(1251).GetBytes(Doc(null, russian));

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
        var bytes = Encoding.GetEncoding(1252).GetBytes(Doc(null, text));

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
}
