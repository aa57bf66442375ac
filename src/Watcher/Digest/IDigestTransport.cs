using MimeKit;

namespace Watcher.Digest;

/// <summary>Hands a finished digest to its destination: an SMTP server or an outbox folder.</summary>
public interface IDigestTransport
{
    /// <returns>Where it went, and the recipients the server refused while taking it for the others.</returns>
    /// <exception cref="DigestDeliveryException">The message did not get there (or no recipient was accepted); the hits stay pending.</exception>
    Task<DeliveryReceipt> DeliverAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <param name="DeliveredTo">For the digest run record: "smtp host:port" or the .eml path.</param>
/// <param name="Rejected">Recipients the server refused; the message went to the others.</param>
public sealed record DeliveryReceipt(string DeliveredTo, IReadOnlyList<RejectedRecipient> Rejected)
{
    public DeliveryReceipt(string deliveredTo) : this(deliveredTo, []) { }
}

/// <param name="Reply">The server's answer to RCPT TO, e.g. "550 5.1.1 mailbox unavailable".</param>
public sealed record RejectedRecipient(string Address, string Reply)
{
    public override string ToString() => $"{Address} ({Reply})";

    public static string Describe(IEnumerable<RejectedRecipient> rejected) => string.Join("; ", rejected);
}
