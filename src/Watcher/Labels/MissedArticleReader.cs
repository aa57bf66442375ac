using Microsoft.Extensions.Options;
using Watcher.Feeds;
using Watcher.Links;

namespace Watcher.Labels;

/// <summary>
/// Reads the page of an article an editor reported as missed: the poller's fetch and limits, through a
/// client that connects only to public addresses (unless Feedback:AllowPrivateAddresses).
/// </summary>
public sealed class MissedArticleReader(IHttpClientFactory clients, IOptions<PollingOptions> polling, TimeProvider clock)
{
    public const string HttpClientName = "missed-articles";

    public Task<PageFetch> FetchAsync(string url, CancellationToken ct) =>
        new PageFetcher(new FeedFetcher(clients.CreateClient(HttpClientName), polling, clock)).FetchAsync(url, ct);

    internal static HttpMessageHandler CreateHandler(PollingOptions polling, DigestLinkOptions links)
    {
        var handler = (SocketsHttpHandler)FeedFetcher.CreateHandler(polling);
        return links.AllowPrivateAddresses ? handler : PublicAddresses.Guard(handler);
    }
}
