namespace Watcher.Data;

/// <summary>The "Retention" section: how long what Watcher stores is kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The footer's 30-day rhythm and learning's background read this far back in the seen items.</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromDays(30);

    /// <summary>A century keeps everything; longer would not fit a date.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(36500);

    /// <summary>A seen item its feed has not carried for this long is forgotten.</summary>
    public TimeSpan Items { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Hits found longer ago than this are deleted, with their claims and the digest runs left without any.</summary>
    public TimeSpan Hits { get; set; } = TimeSpan.FromDays(400);

    public static bool IsValid(TimeSpan retention) => retention >= Shortest && retention <= Longest;
}
