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

        // Wall time, and the thread's own CPU time: on a machine shared with other work the second still
        // says what one core does.
        var decided = 0;
        var watch = Stopwatch.StartNew();
        var cpu = ThreadCpu.Now();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 5; round++)
        {
            foreach (var item in items)
                decided += classifier.IsRelevant(item.Title, item.Text) ? 1 : 0;
        }
        var wall = 5 * items.Count / watch.Elapsed.TotalSeconds;
        var onCpu = 5 * items.Count / (ThreadCpu.Now() - cpu).TotalSeconds;
        var bytesPerItem = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (5.0 * items.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{hits} hit(s) in {items.Count} item(s); {decided / 5} on re-check; {wall:0} items/s of wall time, {onCpu:0} items/s of this thread's CPU time, {bytesPerItem:0.0} bytes allocated per item (see RelevanceClassifyBenchmarks)."));
        return 0;
    }
}

/// <summary>The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID).</summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static TimeSpan Now()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var spec) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        return TimeSpan.FromSeconds(spec.Seconds + spec.Nanoseconds / 1e9);
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec spec);
}
