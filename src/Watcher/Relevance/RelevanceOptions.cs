namespace Watcher.Relevance;

/// <summary>The "Relevance" section.</summary>
public sealed class RelevanceOptions
{
    public const string Section = "Relevance";

    /// <summary>Seed articles to learn keywords from; relative paths start at the app's folder.</summary>
    public string SeedsDirectory { get; set; } = "seeds";

    public string ResolveSeedsDirectory() =>
        Path.IsPathRooted(SeedsDirectory) ? SeedsDirectory : Path.Combine(AppContext.BaseDirectory, SeedsDirectory);
}
