using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Watcher.Tests.Cli;

namespace Watcher.Tests.Operations;

/// <summary>`watcher run` as a process, its HTTP listener on 127.0.0.1 at a port Kestrel chose (Http:Urls port 0).</summary>
internal sealed partial class RunningService : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private RunningService(WatcherProcess process, Uri? baseUri)
    {
        Process = process;
        BaseUri = baseUri;
    }

    public WatcherProcess Process { get; }

    /// <summary>http://127.0.0.1:port/ of the listener; null when the service was started without one.</summary>
    public Uri? BaseUri { get; }

    /// <summary>Starts the service and waits (bounded) for its "HTTP listener on" line.</summary>
    public static async Task<RunningService> StartAsync(Dictionary<string, string> environment)
    {
        environment.TryAdd("Http__Urls", "http://127.0.0.1:0");
        var process = WatcherProcess.Start(environment, "run");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (ListenerLine().Match(process.Stdout) is { Success: true } match)
                return new RunningService(process, new Uri(match.Groups["url"].Value + "/"));
            await Task.Delay(100);
        }
        process.Dispose();
        throw new TimeoutException($"watcher run did not report its HTTP listener; stdout: {process.Stdout}; stderr: {process.Stderr}");
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(BaseUri!, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs <paramref name="path"/> until it answers <paramref name="status"/> (bounded); returns the last answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetUntilAsync(string path, HttpStatusCode status, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var answer = await GetAsync(path);
        while (answer.Status != status && DateTime.UtcNow < deadline && !Process.HasExited)
        {
            await Task.Delay(250);
            answer = await GetAsync(path);
        }
        return answer;
    }

    /// <summary>The JSON body's "failing" object as name → message.</summary>
    public static Dictionary<string, string> Failing(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("failing", out var failing)
            ? failing.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : [];
    }

    public static string Status(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("status").GetString()!;
    }

    public async Task<int> StopAsync()
    {
        Process.SendSigterm();
        return await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"HTTP listener on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListenerLine();
}
