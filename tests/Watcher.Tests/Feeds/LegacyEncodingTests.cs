using System.Text.Json;
using Microsoft.Extensions.Options;
using Watcher.Feeds;
using Watcher.Tests.Cli;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds;

/// <summary>
/// Russian, Greek, Korean, Japanese and Chinese feeds in their legacy code pages (byte fixtures in
/// TestData/Feeds/Encodings, written by Python's codecs), served over real HTTP with the charset in
/// the Content-Type only, or in the XML declaration only.
/// </summary>
public sealed class LegacyEncodingTests : IAsyncLifetime
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Feeds", "Encodings");
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Expected.Keys)
        {
            data.Add(name, true);
            data.Add(name, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Legacy_feed_reads_right_through_the_fetcher(string name, bool charsetInHttp)
    {
        var url = Serve(name, charsetInHttp);
        var polling = new PollingOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
        using var client = new HttpClient(FeedFetcher.CreateHandler(polling));
        FeedFetcher.Configure(client, polling);
        var fetch = await new FeedFetcher(client, Options.Create(polling), TimeProvider.System).FetchAsync(url, null, null, default);
        Assert.Equal(FetchStatus.Fetched, fetch.Status);

        var feed = FeedParser.Parse(fetch.Body!, fetch.Charset, new Uri(url));

        var expected = Expected[name];
        Assert.Equal(expected.Title, feed.Title);
        Assert.Equal(expected.Items, feed.Items.Select(i => i.Title));
        Assert.Empty(feed.Recoveries);
    }

    /// <summary>A fresh process, as an admin runs it: nothing but Watcher itself can have registered the code pages.</summary>
    [Theory]
    [InlineData("koi8-r", true)]
    [InlineData("koi8-r", false)]
    [InlineData("euc-kr", false)]
    [InlineData("iso-8859-7", true)]
    public async Task Feeds_check_reads_a_legacy_feed_in_a_fresh_process(string name, bool charsetInHttp)
    {
        var url = Serve(name, charsetInHttp);

        var run = await WatcherProcess.RunAsync(new Dictionary<string, string>(), null, "feeds", "check", url, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var expected = Expected[name];
        Assert.Equal(expected.Title, json.RootElement.GetProperty("feed_title").GetString());
        Assert.Equal(expected.Items, json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());
    }

    private string Serve(string name, bool charsetInHttp)
    {
        var path = $"/{name}-{(charsetInHttp ? "http" : "declared")}.xml";
        // The undeclared file carries <?xml version="1.0"?> without encoding: HTTP alone says what it is.
        var file = Path.Combine(Folder, charsetInHttp ? $"{name}.undeclared.xml" : $"{name}.xml");
        _server.ServeFile(path, file, charsetInHttp ? $"application/rss+xml; charset={Expected[name].Charset}" : "application/rss+xml");
        return _server.UrlFor(path).AbsoluteUri;
    }

    private sealed record ExpectedFeed(string Charset, string Title, string[] Items);

    private static readonly Dictionary<string, ExpectedFeed> Expected = LoadExpected();

    private static Dictionary<string, ExpectedFeed> LoadExpected()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json")));
        return json.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new ExpectedFeed(
                p.Value.GetProperty("charset").GetString()!,
                p.Value.GetProperty("title").GetString()!,
                [.. p.Value.GetProperty("items").EnumerateArray().Select(i => i.GetString()!)]),
            StringComparer.Ordinal);
    }
}
