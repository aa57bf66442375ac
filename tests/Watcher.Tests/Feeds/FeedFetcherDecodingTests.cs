using Microsoft.Extensions.Options;
using Watcher.Feeds;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Feeds;

public sealed class FeedFetcherDecodingTests : IAsyncLifetime
{
    private FeedServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task ACorruptCompressedBodyIsANetworkErrorSayingSo(string encoding)
    {
        _server.Respond("/feed.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.Headers.ContentEncoding = encoding;
            // A gzip header followed by garbage (garbage for deflate too).
            await context.Response.Body.WriteAsync(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xff, 0xfe, 0xfd, 0xfc, 0x00, 0x13, 0x37, 0x42, 0x99, 0x01, 0x02 });
        });
        var polling = new PollingOptions { RequestTimeout = TimeSpan.FromSeconds(5), MaxBodyBytes = 64 * 1024 };
        using var client = new HttpClient(FeedFetcher.CreateHandler(polling));
        FeedFetcher.Configure(client, polling);
        var fetcher = new FeedFetcher(client, Options.Create(polling), TimeProvider.System);

        var result = await fetcher.FetchAsync(_server.UrlFor("/feed.xml").AbsoluteUri, null, null, default);
        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.Equal(FeedErrorKinds.Network, result.ErrorKind);
        Assert.Contains("could not be decoded", result.Error, StringComparison.Ordinal);
    }
}
