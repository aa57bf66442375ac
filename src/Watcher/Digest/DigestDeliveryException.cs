namespace Watcher.Digest;

/// <summary>The digest could not be delivered; the message says where it was going and why it failed.</summary>
public sealed class DigestDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
