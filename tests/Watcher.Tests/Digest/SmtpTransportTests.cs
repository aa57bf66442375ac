using System.Text;
using Microsoft.Extensions.Logging;
using MimeKit;
using Watcher.Digest;
using Watcher.Tests.Fixtures;
using Xunit;
using static Watcher.Tests.Digest.DigestTestData;

namespace Watcher.Tests.Digest;

/// <summary>
/// MailKit against real aiosmtpd servers: STARTTLS, implicit TLS, certificates the test made and
/// trusts (or not), passwords, OAuth2 tokens, refused recipients and the protocol log.
/// </summary>
public sealed class SmtpTransportTests : IDisposable
{
    private const string Password = "s3cret-Pa55word";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);
    private readonly TestCertificates _certificates = new();
    private readonly string _work = Directory.CreateTempSubdirectory("watcher-smtp-tests-").FullName;

    private static MimeMessage Message(params string[] to) => DigestMessageFactory.Create(
        DigestRenderer.Render([Entry(1, title: "Bamako et Moscou signent un accord")], French()),
        "veille@watcher.example", to.Length > 0 ? to : ["desk@example.org"], $"<digest.desk.{Guid.NewGuid():N}@watcher.example>");

    private static SmtpSettings Settings(SmtpServerFixture server) =>
        new() { Host = server.Host, Port = server.Port, Timeout = TimeSpan.FromSeconds(20) };

    private static async Task<DeliveryReceipt> SendAsync(SmtpSettings settings, ILogger<SmtpMailSender>? logger = null, params string[] to)
    {
        using var message = Message(to);
        return await new SmtpMailSender(settings, logger).DeliverAsync(message, CancellationToken.None);
    }

    public static TheoryData<SmtpSecurity?, bool> StartTlsSettings => new()
    {
        { null, false },               // Auto: STARTTLS because the server offers it
        { SmtpSecurity.StartTls, false },
        { null, true },                // an older configuration: Smtp:EnableSsl=true
    };

    [Theory]
    [MemberData(nameof(StartTlsSettings))]
    public async Task Starttls_is_used_when_offered_or_required(SmtpSecurity? security, bool enableSsl)
    {
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        // aiosmtpd with a certificate refuses MAIL before STARTTLS: a plain send cannot get through.
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.StartTls, Certificate = certificate });

        await SendAsync(Settings(server) with { Security = security, EnableSsl = enableSsl, TrustedCertificate = certificate.CertificatePath });

        Assert.Equal("yes", Assert.Single(await server.WaitForMessagesAsync(1, MailWait)).Header("X-Test-Tls"));
    }

    [Fact]
    public async Task Starttls_required_is_refused_by_a_server_without_it()
    {
        using var server = new SmtpServerFixture();

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() => SendAsync(Settings(server) with { Security = SmtpSecurity.StartTls }));

        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not offer STARTTLS", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Fact]
    public async Task Security_none_stays_plain_even_when_starttls_is_offered()
    {
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.StartTls, Certificate = certificate });

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() => SendAsync(Settings(server) with { Security = SmtpSecurity.None }));

        // The server insists on STARTTLS (530); Watcher, told None, did not upgrade.
        Assert.Contains("Must issue a STARTTLS command first (SMTP 530: the server wants authentication or TLS first)", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Fact]
    public async Task Implicit_tls_with_the_relays_own_certificate_trusted()
    {
        var certificate = _certificates.SelfSigned("watcher-test-smtps");
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });

        var receipt = await SendAsync(Settings(server) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = certificate.CertificatePath });

        Assert.Equal($"smtp 127.0.0.1:{server.Port}", receipt.DeliveredTo);
        Assert.Equal("yes", Assert.Single(await server.WaitForMessagesAsync(1, MailWait)).Header("X-Test-Tls"));
    }

    [Fact]
    public async Task Certificate_issued_by_a_trusted_ca_is_accepted()
    {
        var authority = _certificates.Authority("Watcher Test CA");
        var certificate = _certificates.IssuedBy(authority, "relay.watcher.test");
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });

        await SendAsync(Settings(server) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = authority.CertificatePath });

        Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
    }

    [Theory]
    [InlineData(false, "does not chain to a root of the system store (Smtp:TrustedCertificate can name it or its CA)")]
    [InlineData(true, "does not chain to a root of the system store nor to Smtp:TrustedCertificate")]
    public async Task Untrusted_certificate_is_refused_naming_its_subject(bool trustAnother, string reason)
    {
        var certificate = _certificates.SelfSigned("watcher-test-untrusted");
        var other = _certificates.SelfSigned("watcher-test-other");
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });
        var settings = Settings(server) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = trustAnother ? other.CertificatePath : null };

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() => SendAsync(settings));

        Assert.Contains("the server's certificate \"CN=watcher-test-untrusted\" is not trusted", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Fact]
    public async Task Trusted_certificate_for_another_host_is_refused()
    {
        var certificate = _certificates.SelfSigned("relay.example.org", hosts: ["relay.example.org"]);
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = certificate.CertificatePath }));

        Assert.Contains("\"CN=relay.example.org\" is not trusted: it is not issued for 127.0.0.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_certificate_is_refused_even_when_trusted()
    {
        var now = DateTimeOffset.UtcNow;
        var certificate = _certificates.SelfSigned("watcher-test-expired", notBefore: now.AddDays(-30), notAfter: now.AddDays(-2));
        using var server = new SmtpServerFixture(new SmtpServerOptions { Tls = SmtpServerTls.Implicit, Certificate = certificate });

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server) with { Security = SmtpSecurity.SslOnConnect, TrustedCertificate = certificate.CertificatePath }));

        Assert.Contains("\"CN=watcher-test-expired\" is not trusted: it expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_authentication_over_starttls()
    {
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        using var server = new SmtpServerFixture(new SmtpServerOptions
        {
            Tls = SmtpServerTls.StartTls, Certificate = certificate, Login = "watcher:" + Password,
        });
        var settings = Settings(server) with { TrustedCertificate = certificate.CertificatePath, Username = "watcher" };

        var refused = await Assert.ThrowsAsync<DigestDeliveryException>(() => SendAsync(settings with { Password = "wrong" }));
        await SendAsync(settings with { Password = Password });

        Assert.Contains("535", refused.Message, StringComparison.Ordinal);
        Assert.Equal("PLAIN watcher", Assert.Single(await server.WaitForMessagesAsync(1, MailWait)).Header("X-Test-Auth"));
    }

    [Fact]
    public async Task Credentials_are_never_sent_over_a_connection_left_unencrypted()
    {
        // A server without STARTTLS: under Auto the connection stays plain, and the password must not go over it.
        using var server = new SmtpServerFixture(new SmtpServerOptions { Login = "watcher:" + Password });

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server) with { Username = "watcher", Password = Password }));

        Assert.Contains("the connection is not encrypted (the server offered no STARTTLS); Watcher sends credentials only over TLS",
            error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Fact]
    public async Task Credentials_where_the_server_offers_no_authentication_fail_clearly()
    {
        // With Security=None the admin accepts a plain connection; aiosmtpd offers AUTH only over TLS, like many servers.
        using var server = new SmtpServerFixture(new SmtpServerOptions { Login = "watcher:" + Password });

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server) with { Username = "watcher", Password = Password, Security = SmtpSecurity.None }));

        Assert.Contains("the server offers no authentication (AUTH) on this connection; many servers offer it only over TLS (Smtp:Security)",
            error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Theory]
    [InlineData("XOAUTH2")]
    [InlineData("OAUTHBEARER")]
    public async Task Oauth2_token_file_is_read_again_at_every_send(string mechanism)
    {
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        using var server = new SmtpServerFixture(new SmtpServerOptions
        {
            Tls = SmtpServerTls.StartTls, Certificate = certificate,
            OAuthUser = "veille@watcher.example", OAuthTokens = ["token-2"], OAuthMechanism = mechanism,
        });
        var tokenFile = Path.Combine(_work, "token");
        var settings = Settings(server) with
        {
            TrustedCertificate = certificate.CertificatePath, Username = "veille@watcher.example", OAuth2TokenFile = tokenFile,
        };

        // The token in the file has expired; the refresher then writes the new one.
        await File.WriteAllTextAsync(tokenFile, "token-1\n");
        var expired = await Assert.ThrowsAsync<DigestDeliveryException>(() => SendAsync(settings));
        await File.WriteAllTextAsync(tokenFile, "token-2\n");
        await SendAsync(settings);

        Assert.Contains($"127.0.0.1:{server.Port}", expired.Message, StringComparison.Ordinal);
        Assert.Equal($"{mechanism} veille@watcher.example token-2", Assert.Single(await server.WaitForMessagesAsync(1, MailWait)).Header("X-Test-Auth"));
    }

    [Theory]
    [InlineData(null, "could not be read")]
    [InlineData(" \n", "is empty")]
    public async Task Unreadable_or_empty_token_file_is_a_clear_failure(string? content, string problem)
    {
        using var server = new SmtpServerFixture();
        var tokenFile = Path.Combine(_work, "token");
        if (content is not null)
            await File.WriteAllTextAsync(tokenFile, content);

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server) with { Username = "veille@watcher.example", OAuth2TokenFile = tokenFile }));

        Assert.Contains($"the OAuth2 token file {tokenFile} (Smtp:OAuth2TokenFile) {problem}", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Fact]
    public async Task A_refused_recipient_does_not_stop_delivery_to_the_others()
    {
        using var server = new SmtpServerFixture();

        var receipt = await SendAsync(Settings(server), null, "desk@example.org", "reject-me@example.org", "chef@example.org");

        var rejected = Assert.Single(receipt.Rejected);
        Assert.Equal("reject-me@example.org", rejected.Address);
        Assert.StartsWith("550 5.1.1", rejected.Reply, StringComparison.Ordinal);
        var mail = Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
        Assert.Equal(["desk@example.org", "chef@example.org"], mail.EnvelopeRecipients());
    }

    [Fact]
    public async Task Every_recipient_refused_is_a_failure()
    {
        using var server = new SmtpServerFixture();

        var error = await Assert.ThrowsAsync<DigestDeliveryException>(() =>
            SendAsync(Settings(server), null, "reject-a@example.org", "reject-b@example.org"));

        Assert.Contains("the server accepted none of the recipients: reject-a@example.org (550", error.Message, StringComparison.Ordinal);
        Assert.Contains("reject-b@example.org (550", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.ReceivedMessages());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Debug_protocol_log_shows_the_conversation_but_never_the_secret(bool oauth)
    {
        const string token = "ya29.secret-bearer-token";
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        using var server = new SmtpServerFixture(new SmtpServerOptions
        {
            Tls = SmtpServerTls.StartTls, Certificate = certificate,
            Login = "watcher:" + Password, OAuthUser = "watcher", OAuthTokens = [token],
        });
        var tokenFile = Path.Combine(_work, "token");
        await File.WriteAllTextAsync(tokenFile, token);
        var settings = Settings(server) with
        {
            TrustedCertificate = certificate.CertificatePath, Username = "watcher",
            Password = oauth ? null : Password, OAuth2TokenFile = oauth ? tokenFile : null,
        };
        var log = new RecordingLogger<SmtpMailSender>();

        await SendAsync(settings, log);

        var lines = log.Records.Where(r => r.EventId == 322).Select(r => r.Message).ToList();
        Assert.All(lines, l => Assert.StartsWith($"SMTP 127.0.0.1:{server.Port} ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(oauth ? "AUTH XOAUTH2" : "AUTH PLAIN", StringComparison.Ordinal));
        var everything = string.Join("\n", log.Records.Select(r => r.Message));
        var secret = oauth ? token : Password;
        foreach (var form in new[]
        {
            secret,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes("\0watcher\0" + Password)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"user=watcher\u0001auth=Bearer {token}\u0001\u0001")),
        })
        {
            Assert.DoesNotContain(form, everything, StringComparison.Ordinal);
        }
        Assert.Single(await server.WaitForMessagesAsync(1, MailWait));
    }

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
