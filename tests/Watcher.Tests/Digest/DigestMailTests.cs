using System.Net.Sockets;
using MimeKit;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

/// <summary>The digest through a real SMTP server (aiosmtpd) and through the outbox, read back with MimeKit.</summary>
public sealed class DigestMailTests : IDisposable
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), $"watcher-outbox-{Guid.NewGuid():N}");

    private static RenderedDigest Digest() => DigestRenderer.Render(
    [
        Entry(1, title: "Bamako et Moscou signent un accord « historique »", score: 3, terms: ["Moscou", "accord"]),
        Entry(2, title: "L'Africa Corps déployé près de Tombouctou", score: 2, terms: ["Africa Corps"],
            summary: "Des instructeurs russes sont arrivés. Une ligne commence par un point :\n. voilà"),
    ], French());

    private static MimeMessage Message(RenderedDigest digest, string messageId) => DigestMessageFactory.Create(
        digest,
        "Veille Mali <veille@watcher.example>",
        ["desk@example.org", "Rédaction Afrique <afrique@example.org>"],
        messageId);

    [Fact]
    public async Task Digest_sent_over_smtp_arrives_as_multipart_alternative()
    {
        using var server = new SmtpServerFixture();
        var digest = Digest();
        using var message = Message(digest, "<digest-42.a1b2@watcher>");
        var sender = new SmtpMailSender(new SmtpSettings { Host = server.Host, Port = server.Port });

        var receipt = await sender.DeliverAsync(message, CancellationToken.None);

        Assert.Equal(($"smtp 127.0.0.1:{server.Port}", 0), (receipt.DeliveredTo, receipt.Rejected.Count));
        var received = Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
        AssertIsTheDigest(received, digest, "<digest-42.a1b2@watcher>");
        // aiosmtpd's Mailbox records the envelope recipients it accepted.
        Assert.Equal(["desk@example.org", "afrique@example.org"], received.EnvelopeRecipients());
        // Auto on a server without STARTTLS: plain, as before.
        Assert.Equal("no", received.Header("X-Test-Tls"));
    }

    [Fact]
    public async Task Outbox_writes_one_eml_file_that_reads_back_as_the_digest()
    {
        var digest = Digest();
        using var message = Message(digest, "<digest-7.ff00@watcher>");
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 6, 5, 9, TimeSpan.Zero));
        var writer = new OutboxWriter(Path.Combine(_outbox, "nested", "outbox"), clock);

        var receipt = await writer.DeliverAsync(message, CancellationToken.None);

        var path = receipt.DeliveredTo;
        Assert.Equal(Path.Combine(_outbox, "nested", "outbox", "digest-20261122-060509-digest-7.ff00.eml"), path);
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.Combine(_outbox, "nested", "outbox")));
        Assert.Empty(receipt.Rejected);
        using var written = await MimeMessage.LoadAsync(path);
        AssertIsTheDigest(written, digest, "<digest-7.ff00@watcher>");
        // The bytes SMTP would carry: CRLF line ends throughout, nothing but ASCII in the headers.
        var raw = await File.ReadAllBytesAsync(path);
        Assert.DoesNotContain(raw.Select((b, i) => (b, i)), x => x.b == (byte)'\n' && (x.i == 0 || raw[x.i - 1] != (byte)'\r'));
        Assert.All(raw, b => Assert.True(b < 0x80));
    }

    [Fact]
    public async Task Smtp_outage_throws_a_clear_error_and_recovery_works()
    {
        using var server = new SmtpServerFixture();
        var sender = new SmtpMailSender(new SmtpSettings { Host = server.Host, Port = server.Port, Timeout = TimeSpan.FromSeconds(20) });
        server.Stop();
        using (var probe = new TcpClient())
            Assert.Throws<SocketException>(() => probe.Connect(server.Host, server.Port));

        using (var first = Message(Digest(), "<digest-1.aa@watcher>"))
        {
            var error = await Assert.ThrowsAsync<DigestDeliveryException>(
                () => sender.DeliverAsync(first, CancellationToken.None));
            Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.InnerException);
        }

        server.Start();
        using var second = Message(Digest(), "<digest-2.bb@watcher>");
        await sender.DeliverAsync(second, CancellationToken.None);
        var received = Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
        Assert.Equal(["<digest-2.bb@watcher>"], received.HeaderValues("Message-ID"));
    }

    [Fact]
    public async Task Silent_server_ends_in_a_timeout_error_not_a_hang()
    {
        // Accepts connections (the kernel completes them) but never sends the SMTP greeting.
        var silent = new TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var sender = new SmtpMailSender(new SmtpSettings { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(1) });
            using var message = Message(Digest(), "<digest-3.cc@watcher>");

            var error = await Assert.ThrowsAsync<DigestDeliveryException>(() => sender.DeliverAsync(message, CancellationToken.None));

            Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
            Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_delivery_failure()
    {
        using var server = new SmtpServerFixture();
        var sender = new SmtpMailSender(new SmtpSettings { Host = server.Host, Port = server.Port });
        using var message = Message(Digest(), "<digest-4.dd@watcher>");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.DeliverAsync(message, cancelled.Token));
    }

    private static void AssertIsTheDigest(MimeMessage mail, RenderedDigest digest, string messageId)
    {
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        var parts = alternative.Select(p => Assert.IsType<TextPart>(p)).ToList();
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType));
        Assert.All(parts, p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
        Assert.All(parts, p => Assert.Equal(ContentEncoding.Base64, p.ContentTransferEncoding));

        Assert.Equal(digest.Subject, mail.Subject);
        Assert.StartsWith("=?utf-8?", mail.RawHeader("Subject")!.Trim(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([messageId], mail.HeaderValues("Message-ID"));
        Assert.Equal(["auto-generated"], mail.HeaderValues("Auto-Submitted"));
        Assert.Equal("veille@watcher.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Equal(["desk@example.org", "afrique@example.org"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("Rédaction Afrique", mail.To.Mailboxes.Last().Name);

        Assert.Equal(Lines(digest.Text), Lines(mail.TextBody!));
        Assert.Equal(Lines(digest.Html), Lines(mail.HtmlBody!));
    }

    private static string Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n');

    public void Dispose()
    {
        if (Directory.Exists(_outbox))
            Directory.Delete(_outbox, recursive: true);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
