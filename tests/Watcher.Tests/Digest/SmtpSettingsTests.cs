using MailKit.Security;
using Microsoft.Extensions.Options;
using Watcher.Digest;
using Watcher.Tests.EndToEnd;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>The Smtp section as an admin writes it: security modes, port 465, certificates, credentials.</summary>
public sealed class SmtpSettingsTests : IDisposable
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none";
    private readonly TestCertificates _certificates = new();
    private readonly string _work = Directory.CreateTempSubdirectory("watcher-smtp-settings-").FullName;

    private static SmtpSettings Bind(Dictionary<string, string?> settings)
    {
        // A list to send to, so that a configured Smtp:Host is all the Digest section needs.
        settings.TryAdd("Digest:Recipients:0", "desk@example.org");
        using var host = new WatcherTestHost(NoDatabase, settings);
        return host.Get<IOptions<SmtpSettings>>().Value;
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings) =>
        [.. Assert.Throws<OptionsValidationException>(() => Bind(settings)).Failures];

    [Theory]
    [InlineData("465", null, null, SmtpSecurity.Auto, SecureSocketOptions.SslOnConnect)]
    [InlineData("465", "SslOnConnect", null, SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    [InlineData("587", null, null, SmtpSecurity.Auto, SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData("587", null, "true", SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData("587", "starttls", "true", SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData("25", "None", null, SmtpSecurity.None, SecureSocketOptions.None)]
    [InlineData("2465", "SslOnConnect", null, SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    public void Security_modes_bind_and_port_465_is_implicit_tls(string port, string? security, string? enableSsl, SmtpSecurity effective, SecureSocketOptions socket)
    {
        var settings = Bind(new() { ["Smtp:Host"] = "smtp.example.org", ["Smtp:Port"] = port, ["Smtp:Security"] = security, ["Smtp:EnableSsl"] = enableSsl });

        Assert.Equal((effective, socket), (settings.EffectiveSecurity, settings.SocketOptions));
    }

    [Theory]
    [InlineData("Smtp:EnableSsl", "true", "Smtp:Security", "None", "Smtp:EnableSsl=true (STARTTLS required) contradicts Smtp:Security=None")]
    [InlineData("Smtp:EnableSsl", "true", "Smtp:Security", "SslOnConnect", "Smtp:EnableSsl=true (STARTTLS required) contradicts Smtp:Security=SslOnConnect")]
    [InlineData("Smtp:Port", "465", "Smtp:EnableSsl", "true", "Smtp:Port 465 is implicit TLS: Smtp:Security must be Auto or SslOnConnect there (Smtp:EnableSsl=true asks for StartTls)")]
    [InlineData("Smtp:Port", "465", "Smtp:Security", "None", "Smtp:Port 465 is implicit TLS: Smtp:Security must be Auto or SslOnConnect there (Smtp:Security=None asks for None)")]
    [InlineData("Smtp:Security", "7", "Smtp:Host", "smtp.example.org", "Smtp:Security must be Auto, None, StartTls or SslOnConnect")]
    [InlineData("Smtp:Username", "watcher", "Smtp:Host", "smtp.example.org", "Smtp:Username needs Smtp:Password or Smtp:OAuth2TokenFile")]
    [InlineData("Smtp:Password", "secret", "Smtp:Host", "smtp.example.org", "Smtp:Password needs Smtp:Username")]
    [InlineData("Smtp:OAuth2TokenFile", "/run/watcher/token", "Smtp:Host", "smtp.example.org", "Smtp:OAuth2TokenFile needs Smtp:Username, the account the token is for")]
    [InlineData("Smtp:OAuth2TokenFile", "/run/watcher/token", "Smtp:Password", "secret", "Smtp:Password and Smtp:OAuth2TokenFile exclude each other")]
    [InlineData("Smtp:TrustedCertificate", "/nonexistent/relay.pem", "Smtp:Host", "smtp.example.org", "Smtp:TrustedCertificate must be a PEM certificate file (-----BEGIN CERTIFICATE-----): /nonexistent/relay.pem not found")]
    [InlineData("Smtp:TrustedCertificate", "/etc/hostname", "Smtp:Security", "None", "Smtp:TrustedCertificate has no use with Smtp:Security=None")]
    public void Conflicting_or_incomplete_settings_are_refused_naming_the_key(string key1, string value1, string key2, string value2, string message)
    {
        var settings = new Dictionary<string, string?> { [key1] = value1, [key2] = value2 };
        if (key2 == "Smtp:Password")
            settings["Smtp:Username"] = "watcher";

        var failures = Failures(settings);

        Assert.Contains(failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Trusted_certificate_file_must_hold_a_certificate()
    {
        var key = _certificates.SelfSigned("watcher-test-relay").KeyPath;

        var failure = Assert.Single(Failures(new() { ["Smtp:TrustedCertificate"] = key }));

        Assert.Equal($"Smtp:TrustedCertificate must be a PEM certificate file (-----BEGIN CERTIFICATE-----): {key} holds no certificate", failure);
    }

    [Fact]
    public void A_complete_secure_configuration_is_accepted()
    {
        var certificate = _certificates.SelfSigned("watcher-test-relay");
        var tokenFile = Path.Combine(_work, "token");

        var settings = Bind(new()
        {
            ["Smtp:Host"] = "smtp.office365.com", ["Smtp:Port"] = "465", ["Smtp:TrustedCertificate"] = certificate.CertificatePath,
            ["Smtp:Username"] = "veille@example.org", ["Smtp:OAuth2TokenFile"] = tokenFile,
        });

        Assert.Equal((SecureSocketOptions.SslOnConnect, tokenFile), (settings.SocketOptions, settings.OAuth2TokenFile));
        // The token file may not exist yet: the refresher writes it, and each send reads it.
        Assert.False(File.Exists(tokenFile));
        Assert.DoesNotContain("secret", new SmtpSettings { Password = "secret" }.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_work, recursive: true);
    }
}
