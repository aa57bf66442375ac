namespace Watcher.Digest;

/// <summary>The digest could not be delivered; the message says where it was going and why it failed.</summary>
/// <param name="mayHaveArrived">
/// The message data had been handed to the server when the send broke off without the server's answer
/// (a timeout, a dropped connection): it may have arrived, and must not be sent again by itself.
/// </param>
public sealed class DigestDeliveryException(string message, Exception? inner = null, bool mayHaveArrived = false) : Exception(message, inner)
{
    public bool MayHaveArrived { get; } = mayHaveArrived;
}
