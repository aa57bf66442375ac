using Microsoft.Extensions.Options;

namespace Watcher.Digest;

/// <summary>SMTP when a host is configured, otherwise .eml files in the outbox folder (the embedded default).</summary>
public sealed class DigestTransportFactory(IOptions<SmtpSettings> smtp, IOptions<DigestOptions> digest)
{
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(smtp.Value.Host);

    public string From => string.IsNullOrWhiteSpace(smtp.Value.From) ? "watcher@localhost" : smtp.Value.From;

    /// <summary>The configured recipients; an outbox digest with none is addressed to the sender.</summary>
    public string[] Recipients => digest.Value.Recipients.Length > 0 ? digest.Value.Recipients : [From];

    public IDigestTransport Create() => UsesSmtp
        ? new SmtpMailSender(smtp.Value)
        : new OutboxWriter(digest.Value.ResolveOutboxDirectory());

    public string Describe() => UsesSmtp
        ? $"SMTP {smtp.Value.Host}:{smtp.Value.Port}"
        : $"outbox folder {digest.Value.ResolveOutboxDirectory()}";
}
