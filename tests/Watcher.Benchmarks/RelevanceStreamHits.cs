using System.Diagnostics;
using System.Globalization;

/// <summary>
/// `relevance-hits`: classifies the whole stream sample with the keywords learned from the seeds and
/// prints every hit with its score, reason and matches, then the count and a one-thread items/s figure.
/// </summary>
public static class RelevanceStreamHits
{
    public static int Run(string[] args)
    {
        var items = RelevanceData.LoadStream();
        var classifier = RelevanceData.LearnedClassifier();
        var hits = 0;
        foreach (var item in items)
        {
            var verdict = classifier.Classify(item.Title, item.Text);
            if (!verdict.Relevant)
                continue;
            hits++;
            Console.WriteLine($"HIT {item.Id} score {verdict.Score.ToString("0.00", CultureInfo.InvariantCulture)}: {item.Title}");
            Console.WriteLine($"    {item.Url}");
            Console.WriteLine("    " + string.Join("; ", verdict.Matches.Select(m =>
                string.Create(CultureInfo.InvariantCulture, $"{m.Term} ({m.Field}, {m.Facet}, +{m.Contribution:0.00})"))));
        }

        var watch = Stopwatch.StartNew();
        var decided = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var item in items)
                decided += classifier.IsRelevant(item.Title, item.Text) ? 1 : 0;
        }
        var perSecond = 3 * items.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{hits} hit(s) in {items.Count} item(s); {decided / 3} on re-check; {perSecond.ToString("0", CultureInfo.InvariantCulture)} items/s on one thread (rough; see RelevanceClassifyBenchmarks).");
        return 0;
    }
}
