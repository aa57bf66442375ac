namespace Watcher.Data;

/// <summary>One recorded change to a keyword: who (admin or a learn run), when, and the weights before and after.</summary>
public sealed class KeywordChange
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Term { get; set; }

    /// <summary>added, reweighted, removed (admin) or learned, relearned, dropped (a learn run).</summary>
    public required string Action { get; set; }

    public required string Source { get; set; }
    public double? OldWeight { get; set; }
    public double? NewWeight { get; set; }
    public string? OldFacet { get; set; }
    public string? NewFacet { get; set; }
}
