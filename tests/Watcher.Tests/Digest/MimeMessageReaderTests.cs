using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>The test MIME reader must itself be right, or the mail tests prove nothing.</summary>
public sealed class MimeMessageReaderTests
{
    private const string Raw =
        "Subject: =?utf-8?Q?Caf=C3=A9?= =?utf-8?B?IOKAlCBNb3Njb3U=?=\r\n" +
        " suite\r\n" +
        "X-Repeat: one\r\n" +
        "x-repeat: two\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--outer\r\n" +
        "Content-Type: multipart/alternative; boundary=inner\r\n" +
        "\r\n" +
        "--inner\r\n" +
        "Content-Type: text/plain; charset=\"utf-8\"\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "R=C3=A9sum=C3=A9 tr=\r\n" +
        "=C3=A8s long\r\n" +
        "deuxi=C3=A8me ligne\r\n" +
        "--inner\r\n" +
        "Content-Type: text/html; charset=iso-8859-1\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "\r\n" +
        "PHA+6TwvcD4=\r\n" +
        "--inner--\r\n" +
        "--outer\r\n" +
        "Content-Type: application/octet-stream\r\n" +
        "\r\n" +
        "xx\r\n" +
        "--outer--\r\n";

    [Fact]
    public void Reads_headers_nested_parts_and_transfer_encodings()
    {
        var mime = MimeMessageReader.Parse(Raw);

        Assert.Equal("Café — Moscou suite", mime.Subject);
        Assert.Equal(["one", "two"], mime.Headers.GetAll("X-REPEAT"));
        Assert.Equal("multipart/mixed", mime.MediaType);
        Assert.Equal("multipart/alternative", mime.Children[0].MediaType);
        Assert.Equal(["text/plain", "text/html", "application/octet-stream"], mime.Leaves().Select(l => l.MediaType));
        Assert.Equal("Résumé très long\ndeuxième ligne", mime.TextBody);
        Assert.Equal("<p>é</p>", mime.HtmlBody);
    }

    [Fact]
    public void Missing_closing_boundary_is_an_error()
    {
        var truncated = Raw[..Raw.IndexOf("--inner--", StringComparison.Ordinal)];

        Assert.Throws<FormatException>(() => MimeMessageReader.Parse(truncated));
    }
}
