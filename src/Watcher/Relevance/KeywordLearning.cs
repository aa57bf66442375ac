using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Labels;

namespace Watcher.Relevance;

/// <summary>
/// Learns keywords from the seed articles, contrasted with the news Watcher has polled lately (when
/// there is enough of it), then adjusts them with editors' labels, and hands them to the store.
/// </summary>
public sealed class KeywordLearning(
    KeywordStore store,
    FeedbackStore labels,
    IOptions<RelevanceOptions> options,
    TimeProvider clock,
    ILogger<KeywordLearning> logger,
    IDbContextFactory<WatcherDbContext> dbFactory)
{
    public async Task<LearnOutcome> LearnAsync(string? seedsDirectory, CancellationToken ct)
    {
        var settings = options.Value;
        var directory = seedsDirectory ?? settings.ResolveSeedsDirectory();
        // Load says what is wrong with the folder (missing, no *.txt).
        var seeds = SeedCorpus.Load(directory);
        var lexiconPath = settings.ResolveLexiconPath();
        var lexicon = Lexicon.Load(lexiconPath);
        var background = await store.LoadBackgroundAsync(clock.GetUtcNow() - settings.BackgroundWindow, settings.MaxBackgroundItems, ct);
        var used = background.Count >= Math.Max(1, settings.MinBackgroundItems) ? background : null;
        var keywords = SeedLearner.Learn(seeds, lexicon, used);
        var adjustment = LabelLearner.Adjust(keywords, await labels.LoadLabelsAsync(ct), lexicon,
            await store.ListAsync(ct), seeds.Select(s => s.Text));
        return new LearnOutcome(directory, seeds.Count, adjustment.Keywords, lexiconPath, used?.Count ?? 0, background.Count)
        {
            SeedKeywords = keywords,
            Labels = adjustment,
        };
    }

    /// <summary>
    /// Learns when there are no keywords yet. Instances starting together on an empty database take
    /// turns under an advisory lock: the first learns, the others find keywords and go on.
    /// </summary>
    public async Task LearnIfEmptyAsync(CancellationToken ct)
    {
        if (await store.AnyAsync(ct))
            return;
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("ConnectionStrings:Watcher is not set");
        await using var learnLock = await AdvisoryLock.AcquireAsync(connectionString, AdvisoryLock.LearnKey, ct);
        if (await store.AnyAsync(ct))
            return;
        logger.LearningAtStart(options.Value.ResolveSeedsDirectory());
        var outcome = await LearnAsync(null, ct);
        await store.ReplaceLearnedAsync(outcome.Keywords, apply: true, ct);
        logger.Learned(outcome.Keywords.Count, outcome.SeedCount);
        logger.LearnedWithBackground(outcome.BackgroundItems, outcome.LexiconPath);
        if (outcome.Labels is { LabelCount: > 0 } labelled)
            logger.LearnedWithLabels(labelled.LabelCount, labelled.Changes.Count, labelled.Before.F1, labelled.After.F1);
    }
}

/// <param name="Keywords">What to store: learned from the seeds, then adjusted with the labels.</param>
/// <param name="BackgroundItems">Polled items the seeds were contrasted with (0: too few, the lexicon's prior was used).</param>
/// <param name="AvailableBackgroundItems">Recent polled items found, used or not.</param>
public sealed record LearnOutcome(
    string SeedsDirectory,
    int SeedCount,
    IReadOnlyList<LearnedKeyword> Keywords,
    string LexiconPath,
    int BackgroundItems,
    int AvailableBackgroundItems)
{
    /// <summary>What the seeds alone gave.</summary>
    public IReadOnlyList<LearnedKeyword> SeedKeywords { get; init; } = Keywords;

    /// <summary>What the labels changed, and the evaluation on them before and after; null when not looked at.</summary>
    public LabelAdjustment? Labels { get; init; }
}
