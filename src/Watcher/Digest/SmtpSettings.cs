namespace Watcher.Digest;

/// <summary>Where and how to hand the digest to an SMTP server; binds from configuration.</summary>
public sealed record SmtpSettings
{
    public string Host { get; init; } = "";

    public int Port { get; init; } = 25;

    /// <summary>STARTTLS on the plain port; System.Net.Mail does not speak implicit TLS (port 465).</summary>
    public bool EnableSsl { get; init; }

    /// <summary>Null or empty: no authentication.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The address the digest is sent from.</summary>
    public string From { get; init; } = "watcher@localhost";

    /// <summary>For the whole send, connection included; shorter than the host's shutdown timeout, since a claimed digest is sent to the end.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string Endpoint => $"{Host}:{Port}";

    /// <summary>Keeps the password out of logs and exception messages.</summary>
    public override string ToString() =>
        $"SmtpSettings {{ Host = {Host}, Port = {Port}, EnableSsl = {EnableSsl}, Username = {Username}, From = {From}, Timeout = {Timeout} }}";
}
