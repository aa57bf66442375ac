using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Watcher;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Relevance;

/// <summary>
/// Polling shared across processes: feeds spread over ten loopback addresses (127.0.0.1 to 127.0.0.10,
/// one port) behind a server that answers each request after a fixed delay, polled by 1, 2, 3…
/// `watcher poll` processes started together on one database; the wall time until every one has
/// exited, every feed polled once. Run by poll-instances.sh, which starts a throwaway PostgreSQL:
/// `poll-instances &lt;connection-string&gt; [feeds=2000] [delay-ms=300] [processes=1,2,3] [rounds=1]`.
/// </summary>
public static class PollInstancesBench
{
    private const int Addresses = 10;

    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: poll-instances <connection-string> [feeds=2000] [delay-ms=300] [processes=1,2,3] [rounds=1]");
            return 2;
        }
        var feeds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var delay = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300);
        var processes = (args.Length > 3 ? args[3] : "1,2,3").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        return RunAsync(args[0], feeds, delay, processes, rounds).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string connectionString, int feedCount, TimeSpan delay, List<int> processCounts, int rounds)
    {
        await using var server = await DelayServer.StartAsync(delay);
        var urls = Enumerable.Range(0, feedCount)
            .Select(i => $"http://127.0.0.{1 + i % Addresses}:{server.Port}/feed{i}.xml").ToList();
        using (var host = WatcherHost.CreateBuilder(service: false, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Watcher"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build())
        {
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(default);
            await host.Services.GetRequiredService<KeywordLearning>().LearnIfEmptyAsync(default);
        }
        var polling = new PollingOptions();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{feedCount} feeds on {Addresses} addresses (port {server.Port}), each answered after {delay.TotalMilliseconds:0} ms; " +
            $"per process Polling:MaxConcurrency {polling.MaxConcurrency}, Polling:MaxConcurrencyPerHost {polling.MaxConcurrencyPerHost}"));

        var results = new Dictionary<int, List<double>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var processes in processCounts)
            {
                await ResetAsync(connectionString, urls);
                server.Reset();
                var (wall, polledBy, codes) = await PollWithProcessesAsync(connectionString, processes);
                var requested = server.RequestCounts(urls);
                var neverPolled = await NeverPolledAsync(connectionString);
                if (!results.TryGetValue(processes, out var walls))
                    results[processes] = walls = [];
                walls.Add(wall.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}, {processes} process(es): {wall.TotalSeconds:0.00} s until all exited; feeds per process [{string.Join(", ", polledBy)}]; " +
                    $"exit codes [{string.Join(", ", codes)}]; requests {requested.Sum()} (feeds asked twice {requested.Count(c => c > 1)}, never {requested.Count(c => c == 0)}); " +
                    $"feeds never polled {neverPolled}; most requests in flight on one address {server.MaxInFlightPerAddress}; load average {LoadAverage()}"));
            }
        }
        var one = results.TryGetValue(1, out var single) ? single.Min() : (double?)null;
        foreach (var (processes, walls) in results.OrderBy(r => r.Key))
        {
            var best = walls.Min();
            var ratio = one is { } o ? string.Create(CultureInfo.InvariantCulture, $", {o / best:0.00}× one process (best of each)") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{processes} process(es): {best:0.00}–{walls.Max():0.00} s{ratio}"));
        }
        return 0;
    }

    /// <summary>Every feed new again: no state, nothing seen, nothing claimed.</summary>
    private static async Task ResetAsync(string connectionString, List<string> urls)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var truncate = new NpgsqlCommand("TRUNCATE feeds CASCADE", connection))
            await truncate.ExecuteNonQueryAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO feeds (url, enabled, created_at, consecutive_failures) SELECT u, true, now(), 0 FROM unnest($1) AS u", connection);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. urls] });
        await insert.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE feeds", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<long> NeverPolledAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM feeds WHERE last_polled_at IS NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Starts the processes together; the wall time ends when the last one exits.</summary>
    private static async Task<(TimeSpan Wall, List<int> PolledBy, List<int> Codes)> PollWithProcessesAsync(string connectionString, int count)
    {
        var watcher = Path.Combine(AppContext.BaseDirectory, "watcher.dll");
        var started = Stopwatch.GetTimestamp();
        var runs = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(watcher);
            start.ArgumentList.Add("poll");
            start.Environment["ConnectionStrings__Watcher"] = connectionString;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var lines = (await stdout).Split('\n');
            await stderr;
            return (Polled: lines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal) || l.StartsWith("unchanged ", StringComparison.Ordinal) || l.StartsWith("FAILED ", StringComparison.Ordinal)),
                process.ExitCode);
        })).ToList();
        var done = await Task.WhenAll(runs);
        return (Stopwatch.GetElapsedTime(started), [.. done.Select(d => d.Polled)], [.. done.Select(d => d.ExitCode)]);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Kestrel on 127.0.0.1 to 127.0.0.10, one port: each answer after the delay, a small RSS document of its own.</summary>
    private sealed class DelayServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
        private int _maxInFlight;

        private DelayServer(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        public int Port { get; }

        public int MaxInFlightPerAddress => Volatile.Read(ref _maxInFlight);

        public static async Task<DelayServer> StartAsync(TimeSpan delay)
        {
            var port = FreePort();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(options =>
            {
                for (var i = 1; i <= Addresses; i++)
                    options.Listen(IPAddress.Parse($"127.0.0.{i}"), port);
            });
            var app = builder.Build();
            var server = new DelayServer(app, port);
            app.Run(context => server.AnswerAsync(context, delay));
            await app.StartAsync();
            return server;
        }

        private async Task AnswerAsync(HttpContext context, TimeSpan delay)
        {
            var path = context.Request.Path.Value ?? "/";
            var address = context.Connection.LocalIpAddress?.ToString() ?? "?";
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var now = _inFlight.AddOrUpdate(address, 1, (_, n) => n + 1);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }
            try
            {
                await Task.Delay(delay, context.RequestAborted);
                var name = path.Trim('/');
                var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"""
                    <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title><link>http://example.org/</link><description>bench</description>
                    <item><title>Bench item one of {name}</title><link>http://example.org/{name}/1</link><guid>{name}-1</guid></item>
                    <item><title>Bench item two of {name}</title><link>http://example.org/{name}/2</link><guid>{name}-2</guid></item>
                    </channel></rss>
                    """));
                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
            }
            finally
            {
                _inFlight.AddOrUpdate(address, 0, (_, n) => n - 1);
            }
        }

        public void Reset()
        {
            _requests.Clear();
            Volatile.Write(ref _maxInFlight, 0);
        }

        /// <summary>How often each feed was asked for, in the order of <paramref name="urls"/>.</summary>
        public List<int> RequestCounts(List<string> urls) =>
            [.. urls.Select(u => _requests.GetValueOrDefault(new Uri(u).AbsolutePath))];

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
