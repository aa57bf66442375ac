using System.Net.Mail;
using Watcher.Digest;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

public sealed class DigestMessageFactoryTests
{
    private static readonly RenderedDigest Digest = DigestRenderer.Render([Entry(1)], French());

    [Fact]
    public void Message_has_two_utf8_views_our_headers_and_every_recipient()
    {
        using var message = DigestMessageFactory.Create(Digest, "veille@watcher.example",
            ["a@example.org", " b@example.org ", "", "Rédaction <c@example.org>"], "<digest-42.a1b2@watcher>");

        Assert.Equal(["text/plain", "text/html"], message.AlternateViews.Select(v => v.ContentType.MediaType));
        Assert.All(message.AlternateViews, v => Assert.Equal("utf-8", v.ContentType.CharSet));
        Assert.Equal(["a@example.org", "b@example.org", "c@example.org"], message.To.Select(a => a.Address));
        Assert.Equal("Rédaction", message.To[2].DisplayName);
        Assert.Equal(["<digest-42.a1b2@watcher>"], message.Headers.GetValues("Message-ID")!);
        Assert.Equal(["auto-generated"], message.Headers.GetValues("Auto-Submitted")!);
        Assert.Equal(Digest.Subject, message.Subject);
    }

    [Theory]
    [InlineData("digest-42@watcher")]
    [InlineData("<digest-42>")]
    [InlineData("<digest 42@watcher>")]
    [InlineData("<a@b@c>")]
    [InlineData("<digest-42@watcher>\r\nBcc: victim@example.org")]
    public void Malformed_message_id_is_refused(string messageId)
    {
        Assert.Throws<ArgumentException>(() =>
            DigestMessageFactory.Create(Digest, "veille@watcher.example", ["a@example.org"], messageId));
    }

    [Fact]
    public void No_recipient_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            DigestMessageFactory.Create(Digest, "veille@watcher.example", [" "], "<d@w>"));
    }

    [Fact]
    public void Malformed_address_is_refused_with_the_address_in_the_message()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DigestMessageFactory.Create(Digest, "veille@watcher.example", ["not an address"], "<d@w>"));
        Assert.Contains("not an address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_without_from_address_is_refused()
    {
        using var message = new MailMessage { Subject = "x" };
        message.To.Add("a@example.org");
        var writer = new OutboxWriter(Path.Combine(Path.GetTempPath(), $"watcher-outbox-{Guid.NewGuid():N}"));

        await Assert.ThrowsAsync<ArgumentException>(() => writer.DeliverAsync(message, CancellationToken.None));
    }
}
