using System.Net.Mail;
using System.Net.Sockets;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

/// <summary>The digest through a real SMTP server (aiosmtpd) and through the outbox, read back as MIME.</summary>
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

    private static MailMessage Message(RenderedDigest digest, string messageId) => DigestMessageFactory.Create(
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

        var where = await sender.DeliverAsync(message, CancellationToken.None);

        Assert.Equal($"smtp 127.0.0.1:{server.Port}", where);
        var received = Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
        var mime = MimeMessageReader.Parse(received);
        AssertIsTheDigest(mime, digest, "<digest-42.a1b2@watcher>");
        // aiosmtpd's Mailbox records the envelope recipients it accepted.
        Assert.Equal(["desk@example.org", "afrique@example.org"], RcptTo(mime));
    }

    [Fact]
    public async Task Outbox_writes_one_eml_file_that_reads_back_as_the_digest()
    {
        var digest = Digest();
        using var message = Message(digest, "<digest-7.ff00@watcher>");
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 6, 5, 9, TimeSpan.Zero));
        var writer = new OutboxWriter(Path.Combine(_outbox, "nested", "outbox"), clock);

        var path = await writer.DeliverAsync(message, CancellationToken.None);

        Assert.Equal(Path.Combine(_outbox, "nested", "outbox", "digest-20261122-060509-digest-7.ff00.eml"), path);
        Assert.Equal([path], Directory.GetFileSystemEntries(Path.Combine(_outbox, "nested", "outbox")));
        AssertIsTheDigest(MimeMessageReader.Parse(await File.ReadAllTextAsync(path, CancellationToken.None)), digest, "<digest-7.ff00@watcher>");
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
                () => sender.SendAsync(first, CancellationToken.None));
            Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.InnerException);
        }

        server.Start();
        using var second = Message(Digest(), "<digest-2.bb@watcher>");
        await sender.SendAsync(second, CancellationToken.None);
        var received = Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
        Assert.Equal(["<digest-2.bb@watcher>"], MimeMessageReader.Parse(received).Headers.GetAll("Message-ID"));
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

            var error = await Assert.ThrowsAsync<DigestDeliveryException>(() => sender.SendAsync(message, CancellationToken.None));

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

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(message, cancelled.Token));
    }

    private static void AssertIsTheDigest(MimeEntity mime, RenderedDigest digest, string messageId)
    {
        Assert.Equal("multipart/alternative", mime.MediaType);
        Assert.Equal(["text/plain", "text/html"], mime.Children.Select(c => c.MediaType));
        Assert.All(mime.Leaves(), leaf => Assert.Equal("utf-8", leaf.Charset, ignoreCase: true));

        Assert.Equal(digest.Subject, mime.Subject);
        Assert.Equal([messageId], mime.Headers.GetAll("Message-ID"));
        Assert.Equal(["auto-generated"], mime.Headers.GetAll("Auto-Submitted"));
        Assert.Contains("veille@watcher.example", mime.Headers["From"], StringComparison.Ordinal);
        var to = mime.Headers["To"]!;
        Assert.Contains("desk@example.org", to, StringComparison.Ordinal);
        Assert.Contains("Rédaction Afrique", to, StringComparison.Ordinal);
        Assert.Contains("afrique@example.org", to, StringComparison.Ordinal);

        Assert.Equal(Lines(digest.Text), Lines(mime.TextBody!));
        Assert.Equal(Lines(digest.Html), Lines(mime.HtmlBody!));
    }

    private static string Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n');

    private static IReadOnlyList<string> RcptTo(MimeEntity mime) =>
        [.. mime.Headers["X-RcptTo"]!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

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
