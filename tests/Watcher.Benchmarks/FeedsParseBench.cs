using System.Diagnostics;
using System.Globalization;
using System.Xml;
using BenchmarkDotNet.Attributes;
using Watcher.Feeds;

/// <summary>
/// Parse throughput over the whole feed conformance set, beside the limit: a bare XmlReader pass that
/// only reads every node of the same bytes. `dotnet run -c Release --project tests/Watcher.Benchmarks -- parse-throughput [dir]`.
/// </summary>
public static class FeedsParseBench
{
    public static int Run(string[] args)
    {
        var documents = FeedsCorpus.Load(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null);
        if (args.Contains("--per-document"))
            return PerDocument(documents);
        Compare("whole conformance set", documents);
        // A bare reader stops at the first error of a broken document (or at once on JSON) while the
        // parser repairs and reads on; on well-formed XML both really read every node.
        Compare("well-formed XML documents only", [.. documents.Where(IsWellFormedXml)]);
        return 0;
    }

    private static void Compare(string title, IReadOnlyList<byte[]> documents)
    {
        var bytes = documents.Sum(d => (long)d.Length);
        var items = documents.Sum(ParseCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {documents.Count} documents, {bytes / 1024.0 / 1024.0:0.00} MB, {items} items per pass"));
        var parser = Measure(() => documents.Sum(ParseCount));
        var reader = Measure(() => documents.Sum(BareXmlPass));
        Report("FeedParser.Parse", parser, bytes, items);
        Report("bare XmlReader pass", reader, bytes, items);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio (parser / bare reader, MB/s): {reader / parser:0.00}x"));
    }

    private static bool IsWellFormedXml(byte[] document)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document, writable: false),
                new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            while (reader.Read())
            {
            }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>Where the parser spends more than the bare reader: the documents with the largest time difference.</summary>
    private static int PerDocument(IReadOnlyList<byte[]> documents)
    {
        var rows = documents.Select((d, i) =>
        {
            var parse = Measure(() => ParseCount(d), 0.05);
            var bare = Measure(() => BareXmlPass(d), 0.05);
            return (Index: i, d.Length, Parse: parse, Bare: bare);
        }).OrderByDescending(r => r.Parse - r.Bare).Take(15);
        foreach (var row in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"#{row.Index,3} {row.Length,8} B parse {row.Parse * 1e6,9:0} us bare {row.Bare * 1e6,9:0} us"));
        return 0;
    }

    /// <summary>Seconds per pass over the set: warm up, then the median of repeated timed runs of about 1 s each.</summary>
    private static double Measure(Func<long> pass, double runSeconds = 1)
    {
        for (var i = 0; i < 20; i++)
            pass();
        var samples = new List<double>();
        for (var run = 0; run < 7; run++)
        {
            var passes = 0;
            var started = Stopwatch.GetTimestamp();
            do
            {
                pass();
                passes++;
            }
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < runSeconds);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalSeconds / passes);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static void Report(string name, double seconds, long bytes, long items) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-22} {bytes / 1024.0 / 1024.0 / seconds,8:0.0} MB/s {items / seconds,12:N0} items/s ({seconds * 1000:0.00} ms per pass)"));

    internal static long ParseCount(byte[] document)
    {
        try
        {
            return FeedParser.Parse(document).Items.Count;
        }
        catch (FeedParseException)
        {
            return 0;
        }
    }

    /// <summary>The limit: every node read, nothing kept (documents that are not well-formed stop where they break).</summary>
    internal static long BareXmlPass(byte[] document)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        long nodes = 0;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(document, writable: false), settings);
            while (reader.Read())
                nodes++;
        }
        catch (XmlException)
        {
        }
        return nodes;
    }
}

/// <summary>The same comparison under BenchmarkDotNet: `-- --filter '*FeedsParse*'`.</summary>
[MemoryDiagnoser]
public class FeedsParseBenchmarks
{
    private IReadOnlyList<byte[]> _documents = [];

    [GlobalSetup]
    public void Setup() => _documents = FeedsCorpus.Load(null);

    [Benchmark(Baseline = true)]
    public long BareXmlReader() => _documents.Sum(FeedsParseBench.BareXmlPass);

    [Benchmark]
    public long FeedParser() => _documents.Sum(FeedsParseBench.ParseCount);
}

internal static class FeedsCorpus
{
    /// <summary>Every document of the conformance set (rows "feed" of MANIFEST.tsv), from WATCHER_CONFORMANCE_DIR, else /work/shared/feeds-conformance.</summary>
    public static IReadOnlyList<byte[]> Load(string? directory)
    {
        directory ??= Environment.GetEnvironmentVariable("WATCHER_CONFORMANCE_DIR") ?? "/work/shared/feeds-conformance";
        return [.. File.ReadLines(Path.Combine(directory, "MANIFEST.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length > 1 && columns[0] == "feed")
            .Select(columns => File.ReadAllBytes(Path.Combine(directory, columns[1])))];
    }
}
