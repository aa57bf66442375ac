using System.Net.Mail;

namespace Watcher.Digest;

/// <summary>Hands a finished digest to its destination: an SMTP server or an outbox folder.</summary>
public interface IDigestTransport
{
    /// <returns>Where it went, for the digest run record: "smtp host:port" or the .eml path.</returns>
    /// <exception cref="DigestDeliveryException">The message did not get there; the hits stay pending.</exception>
    Task<string> DeliverAsync(MailMessage message, CancellationToken cancellationToken);
}
