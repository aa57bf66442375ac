/// <summary>Whole-run measurements that BenchmarkDotNet is not shaped for, by name.</summary>
public static class BenchCommands
{
    private static readonly Dictionary<string, Func<string[], int>> Commands = new(StringComparer.Ordinal)
    {
        ["poll-cycle"] = PollCycleBench.Run, ["parse-throughput"] = FeedsParseBench.Run,
        ["parse-vs-feedreader"] = FeedReaderBench.Run,
        ["poll-instances"] = PollInstancesBench.Run,
        ["relevance-hits"] = RelevanceStreamHits.Run, ["relevance-eval"] = RelevanceEval.Run,
        ["learn-with-labels"] = LearnWithLabels.Run,
    };

    /// <summary>Runs the named command and returns its exit code, or null when args name none.</summary>
    public static int? TryRun(string[] args) =>
        args.Length > 0 && Commands.TryGetValue(args[0], out var command) ? command(args[1..]) : null;
}
