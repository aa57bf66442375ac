using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Watcher.Http;

namespace Watcher.Cli;

/// <summary>
/// watcher health: asks the running service's /healthz (or /readyz) and exits 0 only on 200 — the
/// container HEALTHCHECK, as the runtime image has neither curl nor wget. A client: it never listens.
/// </summary>
public static class HealthCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var ready = new Option<bool>("--ready") { Description = "Ask /readyz (database, schema, scheduler) instead of /healthz (liveness)." };
        var url = new Option<string?>("--url") { Description = "The service's base URL (default: the first address of Http:Urls, a wildcard host read as 127.0.0.1)." };
        var command = new Command("health", "Ask the running service whether it is alive (or ready); exit 0 when it says so.") { ready, url };
        command.SetAction((parse, ct) => CliRunner.GuardAsync(async () =>
        {
            var baseUrl = parse.GetValue(url) ?? LocalUrl();
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var root) || root.Scheme != Uri.UriSchemeHttp)
                throw new CliException($"'{baseUrl}' is not an http:// URL");
            var target = new Uri(root, parse.GetValue(ready) ? "/readyz" : "/healthz");
            using var client = new HttpClient { Timeout = Timeout };
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(target, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new CliException($"no answer from {target}: {e.Message}");
            }
            using (response)
            {
                Console.WriteLine(await response.Content.ReadAsStringAsync(ct));
                return response.IsSuccessStatusCode ? CliRunner.Ok : CliRunner.Failure;
            }
        }));
        return command;
    }

    /// <summary>Where this machine's service listens, from the same settings (appsettings.json, environment) it reads.</summary>
    private static string LocalUrl()
    {
        var configuration = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] }).Configuration;
        var options = new HttpOptions { Urls = configuration.GetSection(HttpOptions.Section)[nameof(HttpOptions.Urls)] ?? HttpOptions.DefaultUrls };
        var first = options.UrlList().FirstOrDefault()
            ?? throw new CliException("Http:Urls is empty: the service has no HTTP listener (give --url to ask another)");
        return first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://[::1]", StringComparison.Ordinal);
    }
}
