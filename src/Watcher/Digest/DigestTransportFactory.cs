using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Watcher.Digest;

/// <summary>SMTP when a host is configured, otherwise .eml files in the outbox folder (the embedded default).</summary>
public sealed class DigestTransportFactory(IOptions<SmtpSettings> smtp, IOptions<DigestOptions> digest, ILoggerFactory? loggers = null)
{
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(smtp.Value.Host);

    /// <summary>Smtp:From, checked at start to be an address (outbox or SMTP).</summary>
    public string From => smtp.Value.From;

    /// <summary>The list's recipients; an outbox digest with none is addressed to the sender.</summary>
    public string[] RecipientsFor(DigestList list) => list.Recipients.Length > 0 ? list.Recipients : [From];

    /// <summary>The domain of our Message-IDs: the sender's, so replies and threads stay with us.</summary>
    public string MessageIdDomain
    {
        get
        {
            var at = From.LastIndexOf('@');
            var domain = at >= 0 ? From[(at + 1)..].Trim().TrimEnd('>') : "";
            return domain.Length > 0 && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? domain : "watcher";
        }
    }

    public IDigestTransport Create() => UsesSmtp
        ? new SmtpMailSender(smtp.Value, (loggers ?? NullLoggerFactory.Instance).CreateLogger<SmtpMailSender>())
        : new OutboxWriter(digest.Value.ResolveOutboxDirectory());

    public string Describe() => UsesSmtp
        ? $"SMTP {smtp.Value.Host}:{smtp.Value.Port} ({smtp.Value.SecurityDescription})"
        : $"outbox folder {digest.Value.ResolveOutboxDirectory()}";
}
