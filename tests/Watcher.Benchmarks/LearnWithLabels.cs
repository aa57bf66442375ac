using System.Diagnostics;
using System.Globalization;
using Watcher.Relevance;

/// <summary>
/// `learn-with-labels [runs]`: learns from the seeds, then adjusts with 10,000 labels (see
/// <see cref="RelevanceData.Labels"/>), prints what the labels changed and the evaluation on them, then
/// the wall time of each run (seeds read and learned, labels applied; the labels are already in memory).
/// </summary>
public static class LearnWithLabels
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var lexicon = RelevanceData.Lexicon();
        var labels = RelevanceData.Labels();
        LabelAdjustment? adjustment = null;
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var seeds = SeedCorpus.Load(RelevanceData.SeedsDirectory());
            adjustment = LabelLearner.Adjust(SeedLearner.Learn(seeds, lexicon), labels, lexicon, seedTexts: seeds.Select(s => s.Text));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{labels.Count} labels ({labels.Count(l => l.Relevant)} relevant); {adjustment!.Changes.Count} change(s):");
        foreach (var change in adjustment.Changes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {change.Kind,-5} {string.Join(", ", change.Terms.Take(4))} ({change.Facet}) {change.OldWeight?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"} → {change.NewWeight:0.00}: {change.Reason}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"before: P {adjustment.Before.Precision:0.000} R {adjustment.Before.Recall:0.000} F1 {adjustment.Before.F1:0.000} ({adjustment.Before.FalsePositives} FP, {adjustment.Before.FalseNegatives} FN)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after:  P {adjustment.After.Precision:0.000} R {adjustment.After.Recall:0.000} F1 {adjustment.After.F1:0.000} ({adjustment.After.FalsePositives} FP, {adjustment.After.FalseNegatives} FN)"));
        Console.WriteLine("ms per run (seeds + 10,000 labels): " + string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture))));
        return 0;
    }
}
