using MailKit.Security;

namespace Watcher.Digest;

/// <summary>How the connection to the SMTP server is protected (Smtp:Security).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS from the first byte on port 465; elsewhere STARTTLS when the server offers it, plain otherwise.</summary>
    Auto,

    /// <summary>Plain SMTP, even when the server offers STARTTLS.</summary>
    None,

    /// <summary>STARTTLS, required: a server that does not offer it gets nothing.</summary>
    StartTls,

    /// <summary>TLS from the first byte ("SMTPS", implicit TLS), the usual mode of port 465.</summary>
    SslOnConnect,
}

/// <summary>Where and how to hand the digest to an SMTP server; binds from configuration.</summary>
public sealed record SmtpSettings
{
    public const int ImplicitTlsPort = 465;

    public string Host { get; init; } = "";

    public int Port { get; init; } = 25;

    /// <summary>Unset: Auto, or StartTls for a configuration that still says <see cref="EnableSsl"/>.</summary>
    public SmtpSecurity? Security { get; init; }

    /// <summary>The older switch: true means STARTTLS required, kept for existing configurations.</summary>
    public bool EnableSsl { get; init; }

    /// <summary>A PEM file: the relay's own certificate or its CA (or several), trusted in addition to the system store.</summary>
    public string? TrustedCertificate { get; init; }

    /// <summary>Null or empty: no authentication. With <see cref="OAuth2TokenFile"/>, the account the token is for.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>A file holding an OAuth2 access token, read again at every send so that another program can refresh it.</summary>
    public string? OAuth2TokenFile { get; init; }

    /// <summary>The address the digest is sent from.</summary>
    public string From { get; init; } = "watcher@localhost";

    /// <summary>For the whole send, connection included; shorter than the host's shutdown timeout, since a claimed digest is sent to the end.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Endpoint => $"{Host}:{Port}";

    public SmtpSecurity EffectiveSecurity => Security ?? (EnableSsl ? SmtpSecurity.StartTls : SmtpSecurity.Auto);

    public SecureSocketOptions SocketOptions => EffectiveSecurity switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => Port == ImplicitTlsPort ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
    };

    /// <summary>For the start-up line: what the connection will be.</summary>
    public string SecurityDescription => SocketOptions switch
    {
        SecureSocketOptions.None => "plain",
        SecureSocketOptions.StartTls => "STARTTLS required",
        SecureSocketOptions.SslOnConnect => "TLS on connect",
        _ => "STARTTLS when offered",
    };

    /// <summary>Keeps the password and the token out of logs and exception messages.</summary>
    public override string ToString() =>
        $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {EffectiveSecurity}, TrustedCertificate = {TrustedCertificate}, "
        + $"Username = {Username}, OAuth2TokenFile = {OAuth2TokenFile}, From = {From}, Timeout = {Timeout} }}";
}
