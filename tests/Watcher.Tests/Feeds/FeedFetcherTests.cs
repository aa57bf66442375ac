using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using Watcher.Feeds;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds;

/// <summary>The fetcher against a real HTTP server on 127.0.0.1.</summary>
public sealed class FeedFetcherTests : IAsyncLifetime
{
    private static readonly byte[] Rss = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>t</title></channel></rss>");
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static FeedFetcher CreateFetcher(PollingOptions? polling = null)
    {
        polling ??= new PollingOptions { RequestTimeout = TimeSpan.FromSeconds(2), MaxBodyBytes = 64 * 1024 };
        var client = new HttpClient(FeedFetcher.CreateHandler(polling));
        FeedFetcher.Configure(client, polling);
        return new FeedFetcher(client, Options.Create(polling), TimeProvider.System);
    }

    [Fact]
    public async Task ConditionalGetSendsValidatorsAndReportsNotModified()
    {
        _server.Serve("/feed.xml", Rss, "application/rss+xml; charset=utf-8");
        var fetcher = CreateFetcher();
        var first = await fetcher.FetchAsync(_server.UrlFor("/feed.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FetchStatus.Fetched, first.Status);
        Assert.Equal(Rss, first.Body);
        Assert.Equal("utf-8", first.Charset);
        Assert.NotNull(first.ETag);

        var second = await fetcher.FetchAsync(_server.UrlFor("/feed.xml").AbsoluteUri, first.ETag, first.LastModified, default);
        Assert.Equal(FetchStatus.NotModified, second.Status);
        Assert.Equal(first.ETag, _server.RequestsFor("/feed.xml")[1].IfNoneMatch);
        Assert.Contains("Watcher", _server.RequestsFor("/feed.xml")[1].UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpErrorIsAValueWithTheStatus()
    {
        _server.Respond("/gone.xml", FeedServerResponses.Status(410));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/gone.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(FeedErrorKinds.Gone, result.ErrorKind);
        Assert.Equal(410, result.HttpStatus);
    }

    [Fact]
    public async Task SlowServerEndsAsTimeout()
    {
        _server.Respond("/slow.xml", FeedServerResponses.SlowDrip(Rss, "application/rss+xml", 4, TimeSpan.FromMilliseconds(500)));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/slow.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FeedErrorKinds.Timeout, result.ErrorKind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OversizeBodyIsRefusedWithOrWithoutContentLength(bool declareLength)
    {
        _server.Respond("/huge.xml", FeedServerResponses.Huge(5 * 1024 * 1024, declareLength: declareLength));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/huge.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FeedErrorKinds.TooLarge, result.ErrorKind);
    }

    [Fact]
    public async Task GzipBombStopsAtTheCapOnDecompressedBytes()
    {
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
            await gzip.WriteAsync(new byte[20 * 1024 * 1024]);
        var bomb = packed.ToArray();
        Assert.True(bomb.Length < 64 * 1024, "the compressed body itself is under the cap");
        _server.Respond("/bomb.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(bomb);
        });
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/bomb.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FeedErrorKinds.TooLarge, result.ErrorKind);
    }

    [Fact]
    public async Task UnreachableHostIsANetworkError()
    {
        var result = await CreateFetcher().FetchAsync("http://127.0.0.1:1/feed.xml", null, null, default);
        Assert.Equal(FeedErrorKinds.Network, result.ErrorKind);
    }

    [Fact]
    public async Task PermanentRedirectIsFollowedAndReportsTheNewUrl()
    {
        _server.Serve("/new.xml", Rss, "application/rss+xml");
        _server.Respond("/old.xml", FeedServerResponses.Redirect("/new.xml"));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/old.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Equal(_server.UrlFor("/new.xml").AbsoluteUri, result.PermanentUrl);
    }

    [Fact]
    public async Task TemporaryRedirectIsFollowedWithoutMovingTheFeed()
    {
        _server.Serve("/real.xml", Rss, "application/rss+xml");
        _server.Respond("/tmp.xml", FeedServerResponses.Redirect("/real.xml", 302));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/tmp.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FetchStatus.Fetched, result.Status);
        Assert.Null(result.PermanentUrl);
    }

    [Fact]
    public async Task RedirectLoopAndTooLongChainAreErrors()
    {
        _server.Respond("/a.xml", FeedServerResponses.Redirect("/b.xml"));
        _server.Respond("/b.xml", FeedServerResponses.Redirect("/a.xml"));
        var loop = await CreateFetcher().FetchAsync(_server.UrlFor("/a.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FeedErrorKinds.Redirect, loop.ErrorKind);
        Assert.Contains("loop", loop.Error, StringComparison.Ordinal);

        for (var i = 0; i < 4; i++)
            _server.Respond($"/hop{i}.xml", FeedServerResponses.Redirect($"/hop{i + 1}.xml", 302));
        _server.Serve("/hop4.xml", Rss, "application/rss+xml");
        var polling = new PollingOptions { RequestTimeout = TimeSpan.FromSeconds(2), MaxRedirects = 3 };
        var chain = await CreateFetcher(polling).FetchAsync(_server.UrlFor("/hop0.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FeedErrorKinds.Redirect, chain.ErrorKind);
        Assert.Equal(FetchStatus.Fetched, (await CreateFetcher().FetchAsync(_server.UrlFor("/hop0.xml").AbsoluteUri, null, null, default)).Status);
    }

    [Theory]
    [InlineData(429, FeedErrorKinds.RateLimited)]
    [InlineData(503, FeedErrorKinds.Http)]
    public async Task RetryAfterIsReadOn429And503(int status, string kind)
    {
        _server.Respond("/busy.xml", FeedServerResponses.Status(status, TimeSpan.FromSeconds(7200)));
        var result = await CreateFetcher().FetchAsync(_server.UrlFor("/busy.xml").AbsoluteUri, null, null, default);
        Assert.Equal(kind, result.ErrorKind);
        Assert.Equal(TimeSpan.FromSeconds(7200), result.RetryAfter);
    }
}
