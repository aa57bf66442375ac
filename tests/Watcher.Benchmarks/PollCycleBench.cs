using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Relevance;

/// <summary>
/// Two poll cycles of Watcher's real poller over feeds served by a web server: all new, then all
/// unchanged (304). Run by poll-cycle.sh, which starts nginx and a throwaway PostgreSQL on 127.0.0.1:
/// `poll-cycle &lt;connection-string&gt; &lt;base-url&gt; &lt;feed-count&gt; [concurrency] [warm-up-feeds] [hosts]`; feed i is
/// feed{i}.xml on 127.0.0.(i mod hosts + 1) at base-url's port; warm-up feeds (numbered after the measured ones) are polled twice (new, then
/// unchanged) and removed first,
/// so that the measure is of a running service rather than of a process still compiling its code.
/// </summary>
public static class PollCycleBench
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: poll-cycle <connection-string> <base-url> <feed-count> [concurrency] [warm-up-feeds] [hosts]");
            return 2;
        }
        var count = int.Parse(args[2], CultureInfo.InvariantCulture);
        var concurrency = args.Length > 3 ? args[3] : "16";
        var warmUp = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var hosts = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
        var port = new Uri(args[1]).Port;
        // Feed i on 127.0.0.(i mod hosts + 1), as poll-cycle.sh serves them.
        string FeedUrl(int i) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.{i % hosts + 1}:{port}/feed{i}.xml");
        return RunAsync(args[0], FeedUrl, count, concurrency, warmUp).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string connectionString, Func<int, string> feedUrl, int count, string concurrency, int warmUp)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Watcher"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // "default": the shipped settings (16 feeds at once, 2 per host), as a service runs them.
        if (concurrency != "default")
        {
            settings["Polling:MaxConcurrency"] = concurrency;
            // Every bench feed is on one host (127.0.0.1); the per-host limit would otherwise be the measure.
            settings["Polling:MaxConcurrencyPerHost"] = concurrency;
        }
        using var host = WatcherHost.CreateBuilder(service: false, settings).Build();
        var services = host.Services;
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
        await services.GetRequiredService<KeywordLearning>().LearnIfEmptyAsync(default);
        // Diagnostics: SQL run once the schema is in place (WATCHER_BENCH_SQL="DROP INDEX …" to weigh an index).
        if (Environment.GetEnvironmentVariable("WATCHER_BENCH_SQL") is { Length: > 0 } sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"(ran {sql})");
        }
        var registry = services.GetRequiredService<FeedRegistry>();
        var poller = services.GetRequiredService<FeedPoller>();
        if (warmUp > 0)
        {
            var warm = Enumerable.Range(count, warmUp).Select(i => new OpmlFeed(feedUrl(i), null)).ToList();
            // New documents, then 304s, the two paths a running service takes; and that twice, as the
            // service's first cycles do: the runtime counts calls for its optimising tier only after
            // the start's burst of compiling, so the first cycle with new items leaves the hot code at
            // its quick first tier and the next one recompiles it.
            for (var round = 0; round < 2; round++)
            {
                await registry.ImportAsync(warm, default);
                await poller.PollAsync(force: true, default);
                await poller.PollAsync(force: true, default);
                foreach (var feed in warm)
                    await registry.RemoveAsync(feed.Url, default);
            }
            Console.WriteLine($"(warmed up on {warmUp} other feeds, twice polled new then unchanged, then removed them)");
        }
        var feeds = Enumerable.Range(0, count).Select(i => new OpmlFeed(feedUrl(i), $"feed {i}")).ToList();
        await registry.ImportAsync(feeds, default);
        if (Environment.GetEnvironmentVariable("WATCHER_BENCH_BREAKDOWN") == "1")
            await BreakdownAsync(services, feeds);

        // The bench's own readings, made hot before the settling wait: otherwise the runtime recompiles
        // them (reading /proc is file work) in the background during the first measured cycle.
        for (var i = 0; i < 50; i++)
            _ = (OthersCpu(connectionString), CpuTime());
        using var commands = new CommandCounter();
        long exceptions = 0;
        AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
        foreach (var cycle in new[] { "first (all new)", "second (unchanged)" })
        {
            GC.Collect();
            await SettleAsync();
            commands.Reset();
            await StatementsAsync(connectionString, reset: true);
            var othersBefore = OthersCpu(connectionString);
            Interlocked.Exchange(ref exceptions, 0);
            var cpuBefore = CpuTime();
            var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
            var started = Stopwatch.GetTimestamp();
            var summary = await poller.PollAsync(force: true, default);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = CpuTime() - cpuBefore;
            var thrown = Interlocked.Exchange(ref exceptions, 0);
            var othersAfter = OthersCpu(connectionString);
            var others = (Postgres: othersAfter.Postgres - othersBefore.Postgres, Nginx: othersAfter.Nginx - othersBefore.Nginx);
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
            var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
            // The cycle on the monotonic clock perf stamps its samples with: `perf report --time START,END`.
            if (Environment.GetEnvironmentVariable("WATCHER_BENCH_MARKS") == "1")
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"(cycle on the monotonic clock: {started / (double)Stopwatch.Frequency:0.000},{Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:0.000})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} feeds, {cycle}: {elapsed.TotalSeconds:0.000} s (Watcher's CPU {cpu.TotalSeconds:0.00} s); fetched {summary.Fetched}, unchanged {summary.NotModified}, " +
                $"failed {summary.Failed}, new items {summary.NewItems}, hits {summary.NewHits}; " +
                $"database commands {commands.Count} ({commands.Count / (double)count:0.00} per feed); exceptions thrown {thrown}"));
            await StatementsAsync(connectionString, reset: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   beside it: PostgreSQL's CPU {others.Postgres.TotalSeconds:0.00} s, nginx's {others.Nginx.TotalSeconds:0.00} s; " +
                $"methods compiled during the cycle {jitted} ({jitTime.TotalSeconds:0.00} s of JIT)"));
        }
        using var self = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak memory (working set) {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB; now {self.WorkingSet64 / 1024.0 / 1024.0:0} MB, " +
            $"of which the GC heap {gc.HeapSizeBytes / 1024.0 / 1024.0:0} MB (committed {gc.TotalCommittedBytes / 1024.0 / 1024.0:0} MB, peak of the last GC {gc.PromotedBytes / 1024.0 / 1024.0:0} MB promoted)"));
        if (Environment.GetEnvironmentVariable("WATCHER_BENCH_SMAPS") == "1")
            PrintResidentByMapping();
        return 0;
    }

    /// <summary>Where the resident memory is, mapping by mapping (diagnostics: WATCHER_BENCH_SMAPS=1).</summary>
    private static void PrintResidentByMapping()
    {
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        var name = "";
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && !parts[0].EndsWith(':'))
                name = parts.Length >= 6 ? Path.GetFileName(parts[5]) : "[anonymous]";
            else if (parts.Length >= 2 && parts[0] == "Rss:")
                byName[name] = byName.GetValueOrDefault(name) + long.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        foreach (var (mapping, kb) in byName.OrderByDescending(p => p.Value).Take(15))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   resident {kb / 1024.0,6:0.0} MB  {mapping}"));
    }

    /// <summary>
    /// Diagnostics (WATCHER_BENCH_STATEMENTS=1, with WATCHER_BENCH_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"):
    /// PostgreSQL's time by statement over a cycle.
    /// </summary>
    private static async Task StatementsAsync(string connectionString, bool reset)
    {
        if (Environment.GetEnvironmentVariable("WATCHER_BENCH_STATEMENTS") != "1")
            return;
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(reset
            ? "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()"
            : "SELECT calls, round(total_exec_time::numeric, 1), rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (!reset && await reader.ReadAsync())
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   statement: {reader.GetInt64(0)} calls, {reader.GetDecimal(1)} ms, {reader.GetInt64(2)} rows: {reader.GetString(3)}"));
    }

    /// <summary>User + system CPU of this process: on a shared machine, steadier than the wall clock.</summary>
    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// Waits (at most 30 s) until the JIT has compiled nothing for a second: the tiered compiler
    /// recompiles hot methods in the background after the warm-up (and after a cycle), which a service
    /// does in the minutes between its cycles. Without this wait a measured cycle carried thousands of
    /// those recompilations (counted in each cycle's line).
    /// </summary>
    private static async Task SettleAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
                break;
            compiled = now;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"(the JIT was idle after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)"));
    }

    /// <summary>
    /// User + system CPU of the bench's PostgreSQL (the postmaster listening on the connection string's
    /// port, and its children) and nginx (WATCHER_BENCH_NGINX_PID, and its workers): the rest of a cycle's
    /// work, on the same cores. Other clusters on the machine (other developers' tests) are not counted.
    /// </summary>
    private static (TimeSpan Postgres, TimeSpan Nginx) OthersCpu(string connectionString)
    {
        var port = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Port.ToString(CultureInfo.InvariantCulture);
        var nginxMaster = Environment.GetEnvironmentVariable("WATCHER_BENCH_NGINX_PID");
        var processes = new List<(string Pid, string Parent, string Name, long Ticks, string CommandLine)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                if (name != "postgres" && name != "nginx")
                    continue;
                // After the name: state, ppid, ... utime and stime are the 12th and 13th fields from there.
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                processes.Add((Path.GetFileName(dir), fields[1], name, ticks, commandLine));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended, or is not ours to read.
            }
        }
        var postmaster = processes.FirstOrDefault(p => p.Name == "postgres" && p.CommandLine.Contains($"-p {port} ", StringComparison.Ordinal)).Pid;
        long postgres = processes.Where(p => p.Name == "postgres" && (p.Pid == postmaster || p.Parent == postmaster)).Sum(p => p.Ticks);
        long nginx = processes.Where(p => p.Name == "nginx" && (p.Pid == nginxMaster || p.Parent == nginxMaster)).Sum(p => p.Ticks);
        // USER_HZ is 100 on Linux.
        return (TimeSpan.FromMilliseconds(postgres * 10), TimeSpan.FromMilliseconds(nginx * 10));
    }

    /// <summary>CPU cost of each stage alone, one thread, over the same documents (diagnostics: WATCHER_BENCH_BREAKDOWN=1).</summary>
    private static async Task BreakdownAsync(IServiceProvider services, List<OpmlFeed> feeds)
    {
        using var http = new HttpClient();
        var started = Stopwatch.GetTimestamp();
        var bodies = new List<byte[]>();
        foreach (var feed in feeds)
            bodies.Add(await http.GetByteArrayAsync(new Uri(feed.Url)));
        var fetch = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var parsed = bodies.Select(b => FeedParser.Parse(b)).ToList();
        var parse = Stopwatch.GetElapsedTime(started);
        var classifier = await services.GetRequiredService<KeywordStore>().LoadClassifierAsync(default);
        started = Stopwatch.GetTimestamp();
        var texts = parsed.SelectMany(p => p.Items).Select(i => (HtmlText.ToPlainText(i.Title), HtmlText.ToPlainText(i.Summary))).ToList();
        var clean = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var relevant = texts.Count(t => classifier.Classify(t.Item1, t.Item2).Relevant);
        var classify = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var identities = parsed.SelectMany(p => p.Items).Select(ItemIdentity.Of).Count();
        var identity = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"breakdown (one thread, cold): fetch {fetch.TotalSeconds:0.00} s, parse {parse.TotalSeconds:0.00} s, html-to-text {clean.TotalSeconds:0.00} s, " +
            $"classify {classify.TotalSeconds:0.00} s ({relevant} relevant), identity {identity.TotalSeconds:0.00} s ({identities} items)"));
    }

    /// <summary>Counts the commands Npgsql sends (one per round trip; a batch is one), from its ActivitySource.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _count;

        public CommandCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                // Counted when Npgsql asks whether to record a command, and never recorded: an activity per
                // command (its tags, the batch's text) is work the service does not do.
                Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                {
                    Interlocked.Increment(ref _count);
                    return ActivitySamplingResult.None;
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Count => Interlocked.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public void Dispose() => _listener.Dispose();
    }
}
