using MimeKit;

namespace Watcher.Digest;

/// <summary>Hands a finished digest to its destination: an SMTP server or an outbox folder.</summary>
public interface IDigestTransport
{
    /// <summary>
    /// Hands over the messages of one digest run (one per recipient when the digest carries personal
    /// links; one for all otherwise), on one connection and within one deadline. A message that does not
    /// get through counts its recipients as refused, with the reason; the others are still delivered.
    /// </summary>
    /// <returns>Where they went, and the recipients that did not get theirs.</returns>
    /// <exception cref="DigestDeliveryException">No message got there (or no recipient was accepted); the hits stay pending.</exception>
    Task<DeliveryReceipt> DeliverAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken);
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

public static class DigestTransports
{
    /// <summary>One message for all its recipients.</summary>
    public static Task<DeliveryReceipt> DeliverAsync(this IDigestTransport transport, MimeMessage message, CancellationToken cancellationToken) =>
        transport.DeliverAsync([message], cancellationToken);
}
