using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Watcher.Relevance;

/// <summary>Learns keywords from the seed articles and hands them to the store.</summary>
public sealed class KeywordLearning(KeywordStore store, IOptions<RelevanceOptions> options, ILogger<KeywordLearning> logger)
{
    public LearnOutcome Learn(string? seedsDirectory = null)
    {
        var directory = seedsDirectory ?? options.Value.ResolveSeedsDirectory();
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"seed folder not found: {directory}");
        var seeds = SeedCorpus.Load(directory);
        if (seeds.Count == 0)
            throw new InvalidOperationException($"no seed articles (*.txt) in {directory}");
        return new LearnOutcome(directory, seeds.Count, SeedLearner.Learn(seeds));
    }

    public async Task LearnIfEmptyAsync(CancellationToken ct)
    {
        if (await store.AnyAsync(ct))
            return;
        logger.LearningAtStart(options.Value.ResolveSeedsDirectory());
        var outcome = Learn();
        await store.ReplaceLearnedAsync(outcome.Keywords, apply: true, ct);
        logger.Learned(outcome.Keywords.Count, outcome.SeedCount);
    }
}

public sealed record LearnOutcome(string SeedsDirectory, int SeedCount, IReadOnlyList<LearnedKeyword> Keywords);
