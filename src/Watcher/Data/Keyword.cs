namespace Watcher.Data;

public static class KeywordOrigins
{
    public const string Learned = "learned";
    public const string Admin = "admin";
}

/// <summary>
/// A term the classifier looks for. Admin rows (added, re-weighted or switched off by an admin) are
/// never overwritten by a re-learn; an inactive admin row is how a removed learned term stays removed.
/// </summary>
public sealed class Keyword
{
    public long Id { get; set; }
    public required string Term { get; set; }
    public double Weight { get; set; }
    public required string Facet { get; set; }

    /// <summary>The lexicon concept a learned term is a form of (all forms of one actor count as one); null for a word of its own.</summary>
    public string? Concept { get; set; }
    public required string Origin { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}
