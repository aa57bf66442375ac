using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Feeds;

namespace Watcher.Cli;

/// <summary>watcher feeds check: what Watcher reads from one feed, for an admin debugging it.</summary>
public static class FeedCheckCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("url-or-file") { Description = "A feed URL or a local file." };
        var json = new Option<bool>("--json") { Description = "Print the parse as JSON (format, feed_title, item_count, items)." };
        var command = new Command("check", "Fetch or read one feed and show what Watcher parses from it.") { source, json };
        // Needs no database: a file is read directly, a URL through the same fetcher the service uses.
        command.SetAction((parse, ct) => CliRunner.GuardAsync(() => CheckAsync(parse.GetValue(source)!, parse.GetValue(json), ct)));
        return command;
    }

    private static async Task<int> CheckAsync(string source, bool json, CancellationToken ct)
    {
        using var host = WatcherHost.CreateBuilder(service: false, new Dictionary<string, string?>
        {
            // Checking a feed needs no database; a placeholder keeps the storage options valid.
            ["ConnectionStrings:Watcher"] = "Host=unused",
        }).Build();
        // The same rules as every other command: a wrong Polling setting is named, not met mid-fetch.
        host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        var polling = host.Services.GetRequiredService<IOptions<PollingOptions>>().Value;

        byte[] body;
        string? charset = null;
        Uri? documentUri = null;
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var fetch = await host.Services.GetRequiredService<FeedFetcher>().FetchAsync(source, null, null, ct);
            if (fetch.Status != FetchStatus.Fetched)
                return Error(json, $"[{fetch.ErrorKind}] {fetch.Error}");
            (body, charset, documentUri) = (fetch.Body!, fetch.Charset, uri);
        }
        else if (File.Exists(source))
        {
            // A file gets the body limit of a fetch: /dev/zero or a huge file must not fill the memory.
            if (await CappedRead.ReadFileAsync(source, polling.MaxBodyBytes, ct) is not { } read)
                return Error(json, string.Create(CultureInfo.InvariantCulture,
                    $"[{FeedErrorKinds.TooLarge}] the file is larger than {polling.MaxBodyBytes:N0} bytes (Polling:MaxBodyBytes)"));
            body = read;
        }
        else
        {
            return Error(json, $"not an http(s) URL nor an existing file: {source}");
        }

        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(body, charset, documentUri, polling.MaxItemsPerFeed);
        }
        catch (FeedParseException e)
        {
            return Error(json, $"[{FeedErrorKinds.Parse}] {e.Message}");
        }

        if (json)
        {
            Console.WriteLine(ConformanceJson.Write(feed));
            return CliRunner.Ok;
        }
        Console.WriteLine($"{feed.Format} feed \"{feed.Title}\", {feed.Items.Count} item(s)");
        // The same words `feeds list` shows on the feed once the service polls it.
        if (FeedPoller.WarningOf(feed) is { } warning)
            Console.WriteLine("warning: " + warning);
        foreach (var item in feed.Items)
        {
            Console.WriteLine();
            Console.WriteLine($"  {HtmlText.ToPlainText(item.Title)}");
            Console.WriteLine($"    link:      {item.Link ?? "-"}");
            Console.WriteLine($"    guid:      {item.Guid ?? "-"}");
            Console.WriteLine($"    published: {item.Published?.UtcDateTime.ToString("u") ?? "- (unreadable or missing: first-seen time is used)"}");
        }
        return CliRunner.Ok;
    }

    private static int Error(bool json, string message)
    {
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message }));
        Console.Error.WriteLine("watcher: " + message);
        return CliRunner.Failure;
    }
}
