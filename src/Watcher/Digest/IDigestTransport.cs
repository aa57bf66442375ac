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
    /// <param name="progress">Told of each step before it is taken, so a crash can be told apart from a send.</param>
    /// <returns>Where they went, and the recipients that did not get theirs.</returns>
    /// <exception cref="DigestDeliveryException">
    /// No message got there (or no recipient was accepted); the hits stay pending. When
    /// <see cref="DigestDeliveryException.MayHaveArrived"/>, data had been handed over and the outcome is unknown.
    /// </exception>
    Task<DeliveryReceipt> DeliverAsync(IReadOnlyList<MimeMessage> messages, IDeliveryProgress progress, CancellationToken cancellationToken);
}

/// <summary>
/// How far a delivery got. Each call returns once the step is recorded durably, and throws a
/// <see cref="DigestDeliveryException"/> when it cannot be: the transport then stops, with nothing sent.
/// </summary>
public interface IDeliveryProgress
{
    /// <summary>Before connecting to the server at <paramref name="destination"/> ("smtp host:port").</summary>
    void Connecting(string destination);

    /// <summary>Before the outbox file is written in <paramref name="directory"/>; it counts once its final name exists.</summary>
    void Writing(string directory);

    /// <summary>Before the message data goes to the server: from here a cut-off send may have arrived.</summary>
    void HandingOverData();
}

/// <summary>For sends that record nothing (tests, tools).</summary>
public sealed class UntrackedDelivery : IDeliveryProgress
{
    public static readonly UntrackedDelivery Instance = new();

    private UntrackedDelivery()
    {
    }

    public void Connecting(string destination)
    {
    }

    public void Writing(string directory)
    {
    }

    public void HandingOverData()
    {
    }
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
    /// <summary>One message for all its recipients, its progress recorded nowhere (tools, tests).</summary>
    public static Task<DeliveryReceipt> DeliverAsync(this IDigestTransport transport, MimeMessage message, CancellationToken cancellationToken) =>
        transport.DeliverAsync([message], UntrackedDelivery.Instance, cancellationToken);
}
