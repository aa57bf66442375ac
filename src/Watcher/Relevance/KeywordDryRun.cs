using Microsoft.Extensions.Options;

namespace Watcher.Relevance;

/// <summary>
/// What a keyword change would do, without making it: the labeled evaluation before and after, and the
/// items first seen in the last 24 hours that would become hits or stop being hits.
/// </summary>
public sealed class KeywordDryRun(KeywordStore store, IOptions<RelevanceOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(24);

    /// <param name="evalFile">Labeled file to evaluate; null: Relevance:EvalFile, and none if that is empty too.</param>
    public async Task<DryRunReport> RunAsync(IReadOnlyList<KeywordTerm> proposed, string? evalFile, CancellationToken ct)
    {
        var current = await store.LoadClassifierAsync(ct);
        var next = new RelevanceClassifier(proposed);
        var path = evalFile ?? options.Value.ResolveEvalFile();
        EvalReport? before = null, after = null;
        if (path is not null)
        {
            var items = LabeledSet.Load(path);
            before = Evaluation.Run(current, items);
            after = Evaluation.Run(next, items);
        }
        var since = clock.GetUtcNow() - RecentWindow;
        var recent = await store.LoadRecentItemsAsync(since, ct);
        return new DryRunReport(path, before, after, since, HitChanges.Compare(current, next, recent));
    }
}

/// <param name="EvalFile">The labeled file evaluated, or null when none was given or configured.</param>
public sealed record DryRunReport(string? EvalFile, EvalReport? Before, EvalReport? After, DateTimeOffset Since, HitChanges Recent);
