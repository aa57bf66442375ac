namespace Watcher.Relevance;

/// <summary>The "Relevance" section.</summary>
public sealed class RelevanceOptions
{
    public const string Section = "Relevance";

    /// <summary>Seed articles to learn keywords from; relative paths start at the app's folder.</summary>
    public string SeedsDirectory { get; set; } = "seeds";

    /// <summary>
    /// The lexicon (facets, aliases in both languages, ignored words). Empty: the one shipped with
    /// Watcher. Admins who edit aliases copy it elsewhere and point this key at their copy, so an
    /// upgrade does not overwrite their edits.
    /// </summary>
    public string LexiconPath { get; set; } = "";

    /// <summary>A labeled JSON Lines file that `keywords ... --dry-run` evaluates when no --eval is given.</summary>
    public string EvalFile { get; set; } = "";

    /// <summary>Learning contrasts the seeds with recently polled items only when there are at least this many.</summary>
    public int MinBackgroundItems { get; set; } = 200;

    /// <summary>At most this many recent items form the background (the newest first).</summary>
    public int MaxBackgroundItems { get; set; } = 2000;

    /// <summary>How far back polled items count as background.</summary>
    public TimeSpan BackgroundWindow { get; set; } = TimeSpan.FromDays(30);

    public string ResolveSeedsDirectory() => Resolve(SeedsDirectory);

    public string ResolveLexiconPath() => string.IsNullOrWhiteSpace(LexiconPath) ? Lexicon.DefaultPath : Resolve(LexiconPath);

    public string? ResolveEvalFile() => string.IsNullOrWhiteSpace(EvalFile) ? null : Resolve(EvalFile);

    private static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
