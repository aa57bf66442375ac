using Microsoft.Extensions.Logging;
using Watcher.Data;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>What the SMTP server's refusals do to a run: a refused certificate, refused recipients.</summary>
public sealed partial class DigestDeliveryTests
{
    [Fact]
    public async Task Untrusted_server_certificate_fails_the_send_and_the_hits_stay_pending()
    {
        using var certificates = new TestCertificates();
        var certificate = certificates.SelfSigned("relay.watcher.test");
        using var relay = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });
        await AddHitAsync(_feedA, "Moscou et Bamako signent un accord ferroviaire", "https://journaldumali.example/rail", "Accord.", 2);
        var untrusting = Dispatcher(Options(), smtp: SmtpTo(relay) with { Security = SmtpSecurity.SslOnConnect });

        var failed = await untrusting.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Failed, failed.Status);
        Assert.Contains("the server's certificate \"CN=relay.watcher.test\" is not trusted", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await untrusting.PreviewAsync(null, default)).HitCount);
        var run = Assert.Single(await untrusting.HistoryAsync(null, 10, default));
        Assert.Equal(DigestStatuses.Failed, run.Status);
        Assert.Contains("CN=relay.watcher.test", run.Error, StringComparison.Ordinal);
        Assert.Empty(relay.ReceivedMessages());

        // Trusted through Smtp:TrustedCertificate, the next attempt delivers the same hit.
        var trusting = Dispatcher(Options(), smtp: SmtpTo(relay) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = certificate.CertificatePath });
        Assert.Equal((DigestSendStatus.Sent, 1), ((await trusting.SendPendingAsync(default)).Status, (await trusting.HistoryAsync(null, 1, default))[0].HitCount));
        Assert.Contains("accord ferroviaire", Assert.Single(await relay.WaitForMessagesAsync(1, MailWait)).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_recipient_is_recorded_and_the_others_get_the_digest()
    {
        await AddHitAsync(_feedA, "Moscou livre des vaccins à Bamako", "https://journaldumali.example/vaccins", "Livraison.", 2);
        var options = Options();
        options.Recipients = ["desk@example.org", "reject-old@example.org", "chef@example.org"];
        var dispatcher = Dispatcher(options);

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal((DigestSendStatus.Sent, 1), (result.Status, result.HitCount));
        Assert.Equal(["desk@example.org", "chef@example.org"], Assert.Single(await ReceivedAsync(1)).EnvelopeRecipients());
        var run = Assert.Single(await dispatcher.HistoryAsync(null, 10, default));
        Assert.Equal(DigestStatuses.Sent, run.Status);
        Assert.StartsWith("reject-old@example.org (550 5.1.1 <reject-old@example.org>: no such mailbox here", run.RejectedRecipients, StringComparison.Ordinal);
        Assert.Contains("[refused by the server: reject-old@example.org (550 5.1.1", Watcher.Cli.DigestCommands.Row(run), StringComparison.Ordinal);
        var warning = Assert.Single(_log.Records, r => r.EventId == 321);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("reject-old@example.org", warning.Message, StringComparison.Ordinal);
        // Sent is sent: the hit is not offered again.
        Assert.Equal(DigestSendStatus.NothingPending, (await dispatcher.SendPendingAsync(default)).Status);
    }

    [Fact]
    public async Task Every_recipient_refused_is_a_failed_send_and_the_hits_stay_pending()
    {
        await AddHitAsync(_feedA, "Moscou livre des vaccins à Bamako", "https://journaldumali.example/vaccins", "Livraison.", 2);
        var options = Options();
        options.Recipients = ["reject-a@example.org", "reject-b@example.org"];
        var dispatcher = Dispatcher(options);

        var result = await dispatcher.SendPendingAsync(default);

        Assert.Equal(DigestSendStatus.Failed, result.Status);
        Assert.Contains("the server accepted none of the recipients", result.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await dispatcher.PreviewAsync(null, default)).HitCount);
        Assert.Empty(_smtp.ReceivedMessages());
        Assert.DoesNotContain(_log.Records, r => r.EventId == 321);
    }
}
