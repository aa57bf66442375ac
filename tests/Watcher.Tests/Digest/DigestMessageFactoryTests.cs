using MimeKit;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

public sealed class DigestMessageFactoryTests
{
    private static readonly RenderedDigest Digest = DigestRenderer.Render([Entry(1)], French());

    [Fact]
    public void Message_has_two_utf8_views_our_headers_and_every_recipient()
    {
        var date = new DateTimeOffset(2026, 11, 22, 7, 0, 3, TimeSpan.Zero);
        using var message = DigestMessageFactory.Create(Digest, "veille@watcher.example",
            ["a@example.org", " b@example.org ", "", "Rédaction <c@example.org>"], "<digest-42.a1b2@watcher>",
            "mailto:stop@watcher.example", "bamako", date);

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(v => v.ContentType.MimeType));
        Assert.All(alternative, v => Assert.Equal("utf-8", v.ContentType.Charset));
        Assert.Equal(["a@example.org", "b@example.org", "c@example.org"], message.To.Mailboxes.Select(a => a.Address));
        Assert.Equal("Rédaction", message.To.Mailboxes.Last().Name);
        Assert.Equal(["<digest-42.a1b2@watcher>"], message.HeaderValues("Message-ID"));
        Assert.Equal(["auto-generated"], message.HeaderValues("Auto-Submitted"));
        Assert.Equal(["<mailto:stop@watcher.example>"], message.HeaderValues("List-Unsubscribe"));
        Assert.Equal(["<bamako.watcher.watcher.example>"], message.HeaderValues("List-Id"));
        Assert.Equal(date, message.Date);
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

    [Theory]
    [InlineData("not an address")]
    [InlineData("desk")]
    [InlineData("a@example.org, b@example.org")]
    [InlineData("x@example.org>\r\nBcc: victim@example.org")]
    public void Malformed_address_is_refused_with_the_address_in_the_message(string address)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DigestMessageFactory.Create(Digest, "veille@watcher.example", [address], "<d@w>"));
        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_without_from_address_is_refused()
    {
        using var message = new MimeMessage { Subject = "x" };
        message.To.Add(MailboxAddress.Parse("a@example.org"));
        var writer = new OutboxWriter(Path.Combine(Path.GetTempPath(), $"watcher-outbox-{Guid.NewGuid():N}"));

        await Assert.ThrowsAsync<ArgumentException>(() => writer.DeliverAsync(message, CancellationToken.None));
    }
}
