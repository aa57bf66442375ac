using System.Diagnostics;
using System.Globalization;
using System.Text;
using Watcher.Feeds;
using SecondOpinion = CodeHollow.FeedReader.FeedReader;

/// <summary>
/// Watcher's parser beside CodeHollow.FeedReader 2.1.1 (`FeedReader.ReadFromByteArray`) on the same
/// bytes: throughput, allocations, and which documents each can read at all.
/// `dotnet run -c Release --project tests/Watcher.Benchmarks -- parse-vs-feedreader [conformance-dir]`.
/// </summary>
public static class FeedReaderBench
{
    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var directory = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var documents = NamedDocuments(directory);
        var watcher = new Contender("Watcher FeedParser", Watcher);
        var feedReader = new Contender("FeedReader 2.1.1", FeedReader);

        var readByWatcher = documents.Where(d => watcher.Reads(d.Bytes)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var readByFeedReader = documents.Where(d => feedReader.Reads(d.Bytes)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        Console.WriteLine($"conformance set: {documents.Count} documents; read by Watcher {readByWatcher.Count}, by FeedReader {readByFeedReader.Count}");
        Console.WriteLine("  read by Watcher only: " + string.Join(", ", readByWatcher.Except(readByFeedReader).Order(StringComparer.Ordinal)));
        Console.WriteLine("  read by FeedReader only: " + string.Join(", ", readByFeedReader.Except(readByWatcher).Order(StringComparer.Ordinal)));

        var all = documents.Select(d => d.Bytes).ToList();
        var both = documents.Where(d => readByWatcher.Contains(d.Name) && readByFeedReader.Contains(d.Name)).Select(d => d.Bytes).ToList();
        Compare("whole set", all, watcher, feedReader);
        Compare("documents both read", both, watcher, feedReader);

        Cases(watcher, feedReader);
        return 0;
    }

    private static void Compare(string title, List<byte[]> documents, params Contender[] contenders)
    {
        var megabytes = documents.Sum(d => (long)d.Length) / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: {documents.Count} documents, {megabytes:0.00} MB"));
        foreach (var contender in contenders)
        {
            var items = documents.Sum(contender.Count);
            var seconds = Measure(() => documents.Sum(contender.Count));
            var allocated = AllocatedBy(() => documents.Sum(contender.Count));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {contender.Name,-20} {megabytes / seconds,7:0.0} MB/s {items / seconds,10:N0} items/s {allocated / 1024.0 / 1024.0,8:0.0} MB allocated per pass ({allocated / (megabytes * 1024 * 1024),4:0.0} B per input byte), {items} items"));
        }
    }

    /// <summary>Documents outside the conformance set that show a difference of kind rather than of speed.</summary>
    private static void Cases(params Contender[] contenders)
    {
        const string rss = "<rss version=\"2.0\"><channel><title>Relations Mali–Russie</title><item><title>Goïta reçu au Kremlin</title><guid>1</guid></item></channel></rss>";
        var secret = Path.Combine(Path.GetTempPath(), "watcher-bench-secret.txt");
        File.WriteAllText(secret, "TOP-SECRET");
        var laughs = string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">"));
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("UTF-16 LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + rss)]),
            ("UTF-32 LE with BOM", [.. new UTF32Encoding(false, true).GetPreamble(), .. new UTF32Encoding(false, true).GetBytes("<?xml version=\"1.0\" encoding=\"utf-32\"?>" + rss)]),
            ("UTF-8, one stray windows-1252 byte (ç)", [.. Encoding.UTF8.GetBytes(rss[..rss.IndexOf('ç', StringComparison.Ordinal)]), 0xE7, .. Encoding.UTF8.GetBytes(rss[(rss.IndexOf('ç', StringComparison.Ordinal) + 1)..])]),
            ("harmless DOCTYPE (RSS 0.91)", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">" + rss.Replace("2.0", "0.91", StringComparison.Ordinal))),
            ("XXE (external entity)", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://{secret}\">]>" + rss.Replace("<title>Goïta", "<title>&xxe; Goïta", StringComparison.Ordinal))),
            ("billion laughs", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol0 \"lol\">{laughs}]>" + rss.Replace("<title>Goïta", "<title>&lol9; Goïta", StringComparison.Ordinal))),
            ("Atom entry document", Encoding.UTF8.GetBytes("<entry xmlns=\"http://www.w3.org/2005/Atom\"><title>Accord</title><id>tag:x,2026:1</id><link href=\"https://x.example/1\"/></entry>")),
            ("bare & in a title", Encoding.UTF8.GetBytes(rss.Replace("Kremlin", "Kremlin & Bamako", StringComparison.Ordinal))),
            ("undeclared HTML entity (&eacute;)", Encoding.UTF8.GetBytes(rss.Replace("reçu", "r&eacute;&ccedil;u", StringComparison.Ordinal))),
        };
        Console.WriteLine("single documents:");
        foreach (var (name, bytes) in cases)
        {
            Console.WriteLine($"  {name}");
            foreach (var contender in contenders)
                Console.WriteLine($"    {contender.Name,-20} {contender.Describe(bytes)}");
        }
        File.Delete(secret);

        var big = new StringBuilder("<rss version=\"2.0\"><channel><title>big</title>");
        for (var i = 0; i < 100_000; i++)
            big.Append(CultureInfo.InvariantCulture, $"<item><title>Item {i}</title><link>https://x.example/{i}</link><guid>{i}</guid></item>");
        var bigBytes = Encoding.UTF8.GetBytes(big.Append("</channel></rss>").ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  100,000 items ({bigBytes.Length / 1024.0 / 1024.0:0.0} MB)"));
        foreach (var contender in contenders)
        {
            var started = Stopwatch.GetTimestamp();
            var allocated = AllocatedBy(() => contender.Count(bigBytes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {contender.Name,-20} {contender.Describe(bigBytes)}; {allocated / 1024.0 / 1024.0:0} MB allocated, {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms"));
        }
    }

    private sealed record Outcome(string? Title, int Items, string? FirstTitle, string? Note);

    private sealed class Contender(string name, Func<byte[], Outcome> read)
    {
        public string Name => name;

        public bool Reads(byte[] bytes) => Try(bytes, out _);

        public long Count(byte[] bytes) => Try(bytes, out var outcome) ? outcome!.Items : 0;

        public string Describe(byte[] bytes)
        {
            try
            {
                var o = read(bytes);
                return $"read: title '{o.Title}', {o.Items} item(s), first item '{Short(o.FirstTitle)}'" + (o.Note is null ? "" : $"; {o.Note}");
            }
            catch (Exception e)
            {
                return $"refused: {e.GetType().Name}: {Short(e.Message)}";
            }
        }

        private bool Try(byte[] bytes, out Outcome? outcome)
        {
            try
            {
                outcome = read(bytes);
                return true;
            }
            catch (Exception)
            {
                outcome = null;
                return false;
            }
        }

        private static string Short(string? text) => text is null ? "" : (text.Length > 70 ? text[..70] + "…" : text).ReplaceLineEndings(" ");
    }

    private static Outcome Watcher(byte[] bytes)
    {
        var feed = FeedParser.Parse(bytes);
        return new(feed.Title, feed.Items.Count, feed.Items.FirstOrDefault()?.Title, feed.Recoveries.Count == 0 ? null : string.Join(", ", feed.Recoveries));
    }

    private static Outcome FeedReader(byte[] bytes)
    {
        var feed = SecondOpinion.ReadFromByteArray(bytes);
        return new(feed.Title, feed.Items.Count, feed.Items.FirstOrDefault()?.Title, null);
    }

    private static long AllocatedBy(Func<long> pass)
    {
        pass();
        var before = GC.GetAllocatedBytesForCurrentThread();
        pass();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Seconds per pass: warm up, then the median of seven timed runs of about 1 s each.</summary>
    private static double Measure(Func<long> pass)
    {
        for (var i = 0; i < 10; i++)
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
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < 1);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalSeconds / passes);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static List<(string Name, byte[] Bytes)> NamedDocuments(string? directory)
    {
        directory ??= Environment.GetEnvironmentVariable("WATCHER_CONFORMANCE_DIR") ?? "/work/shared/feeds-conformance";
        return [.. File.ReadLines(Path.Combine(directory, "MANIFEST.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length > 1 && columns[0] == "feed")
            .Select(columns => (columns[1], File.ReadAllBytes(Path.Combine(directory, columns[1]))))];
    }
}
