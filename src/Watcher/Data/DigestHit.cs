namespace Watcher.Data;

/// <summary>
/// A hit claimed by a digest run of one recipient list. Unique per (list, hit): each list gets a hit
/// in one digest only. A failed run's rows are deleted, which puts its hits back in the queue.
/// </summary>
public sealed class DigestHit
{
    public long DigestId { get; set; }
    public long HitId { get; set; }
    public required string ListName { get; set; }
}
