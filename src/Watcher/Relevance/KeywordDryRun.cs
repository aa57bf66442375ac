using Microsoft.Extensions.Options;
using Watcher.Labels;

namespace Watcher.Relevance;

/// <summary>
/// What a keyword change would do, without making it: the evaluation before and after on a labeled file
/// and on the editors' stored labels, and the items first seen in the last 24 hours that would become
/// hits or stop being hits.
/// </summary>
public sealed class KeywordDryRun(KeywordStore store, FeedbackStore labels, IOptions<RelevanceOptions> options, TimeProvider clock)
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
        var stored = await labels.LoadLabelsAsync(ct);
        var since = clock.GetUtcNow() - RecentWindow;
        var recent = await store.LoadRecentItemsAsync(since, ct);
        return new DryRunReport(path, before, after, since, HitChanges.Compare(current, next, recent))
        {
            LabelsBefore = stored.Count == 0 ? null : Evaluation.Run(current, stored),
            LabelsAfter = stored.Count == 0 ? null : Evaluation.Run(next, stored),
        };
    }
}

/// <param name="EvalFile">The labeled file evaluated, or null when none was given or configured.</param>
public sealed record DryRunReport(string? EvalFile, EvalReport? Before, EvalReport? After, DateTimeOffset Since, HitChanges Recent)
{
    /// <summary>The active keywords on the editors' stored labels; null when there are none.</summary>
    public EvalReport? LabelsBefore { get; init; }

    /// <summary>The proposed keywords on the same labels.</summary>
    public EvalReport? LabelsAfter { get; init; }
}
