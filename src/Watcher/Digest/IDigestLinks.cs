namespace Watcher.Digest;

/// <summary>The digest's links for one recipient: « Pas pertinent » per entry, « article manqué », unsubscribe.</summary>
public interface IDigestLinks
{
    string Feedback(long hitId);

    string Missed();

    string Unsubscribe();
}
