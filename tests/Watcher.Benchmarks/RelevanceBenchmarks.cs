using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Watcher.Relevance;

/// <summary>
/// In-process: BenchmarkDotNet's generated project would not inherit the repository's build settings
/// (NuGet's NU1605 for Quartz's dependencies fails its restore).
/// </summary>
public sealed class RelevanceBenchConfig : ManualConfig
{
    public RelevanceBenchConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(8));
}

/// <summary>
/// Classifying the 50,000-item stream sample (title + summary) on one thread with the keywords learned
/// from the seeds. One operation is one item, so Mean is the time per item (items/s = 1e9 / Mean in ns)
/// and Allocated is bytes per item: the same at 10,000 and 50,000 items means memory is flat.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RelevanceBenchConfig))]
public class RelevanceClassifyBenchmarks
{
    private RelevanceClassifier _classifier = null!;
    private RelevanceData.StreamItem[] _items = [];

    [Params(10_000, 50_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _items = [.. RelevanceData.LoadStream(Items)];
        _classifier = RelevanceData.LearnedClassifier();
    }

    /// <summary>The decision alone.</summary>
    [Benchmark(OperationsPerInvoke = 50_000)]
    public int Decide()
    {
        var hits = 0;
        var items = _items;
        // Always 50,000 classifications per invoke, cycling through the loaded items.
        for (var i = 0; i < 50_000; i++)
        {
            var item = items[i % items.Length];
            hits += _classifier.IsRelevant(item.Title, item.Text) ? 1 : 0;
        }
        return hits;
    }

    /// <summary>The decision with its explanation (what the poller stores for a hit).</summary>
    [Benchmark(OperationsPerInvoke = 50_000)]
    public int Explain()
    {
        var matches = 0;
        var items = _items;
        for (var i = 0; i < 50_000; i++)
        {
            var item = items[i % items.Length];
            matches += _classifier.Classify(item.Title, item.Text).Matches.Count;
        }
        return matches;
    }
}

/// <summary>Learning keywords from the seeds: reading and cleaning them, then learning, with and without a background of polled news.</summary>
[MemoryDiagnoser]
[Config(typeof(RelevanceBenchConfig))]
public class RelevanceLearnBenchmarks
{
    private string _seeds = "";
    private Lexicon _lexicon = null!;
    private List<string> _background = [];
    private IReadOnlyList<LabeledItem> _labels = [];

    [GlobalSetup]
    public void Setup()
    {
        _seeds = RelevanceData.SeedsDirectory();
        _lexicon = RelevanceData.Lexicon();
        // As `keywords learn` uses it: up to Relevance:MaxBackgroundItems (2,000) recent items.
        _background = [.. RelevanceData.LoadStream(2_000).Select(i => i.Title + "\n" + i.Text)];
        _labels = RelevanceData.Labels();
    }

    [Benchmark]
    public int LearnFromSeeds() => SeedLearner.Learn(SeedCorpus.Load(_seeds), _lexicon).Count;

    [Benchmark]
    public int LearnFromSeedsWith2000BackgroundItems() => SeedLearner.Learn(SeedCorpus.Load(_seeds), _lexicon, _background).Count;

    /// <summary>What `keywords learn` does once the labels are read: the seeds, then the 10,000 labels' adjustment.</summary>
    [Benchmark]
    public int LearnFromSeedsAnd10000Labels()
    {
        var seeds = SeedCorpus.Load(_seeds);
        var learned = SeedLearner.Learn(seeds, _lexicon);
        return LabelLearner.Adjust(learned, _labels, _lexicon, seedTexts: seeds.Select(s => s.Text)).Changes.Count;
    }
}
