using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Watcher.Feeds;

/// <summary>
/// Fetches one feed document with conditional GET and hard limits on time, size and redirects.
/// Redirects are followed here rather than by the handler so that a 301 can move the stored URL
/// and a loop ends as a clear error.
/// </summary>
public sealed class FeedFetcher(HttpClient http, IOptions<PollingOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "feeds";

    /// <summary>What a page fetch asks for: an article's web page rather than a feed.</summary>
    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

    public Task<FetchResult> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct) =>
        FetchAsync(url, etag, lastModified, accept: null, ct);

    /// <summary>
    /// An article's web page (to label it), with the same limits, redirect rules and User-Agent as a feed;
    /// <see cref="FetchResult.MediaType"/> says whether it is HTML.
    /// </summary>
    public Task<FetchResult> FetchPageAsync(string url, CancellationToken ct) => FetchAsync(url, null, null, PageAccept, ct);

    /// <param name="accept">Replaces the client's feed-oriented Accept header; null keeps it.</param>
    private async Task<FetchResult> FetchAsync(string url, string? etag, string? lastModified, string? accept, CancellationToken ct)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limits.RequestTimeout);
        try
        {
            return await FollowAsync(url, etag, lastModified, accept, limits, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Failed(FeedErrorKinds.Timeout, $"no complete answer within {limits.RequestTimeout.TotalSeconds:0} s");
        }
        catch (InvalidDataException e)
        {
            // A corrupt gzip/deflate/brotli body: the server's fault, not ours.
            return FetchResult.Failed(FeedErrorKinds.Network, $"the compressed body could not be decoded: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failed(FeedErrorKinds.Network, e.InnerException?.Message is { } inner ? $"{e.Message} ({inner})" : e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException or NotSupportedException or IOException)
        {
            return FetchResult.Failed(FeedErrorKinds.Network, e.Message);
        }
    }

    private async Task<FetchResult> FollowAsync(string url, string? etag, string? lastModified, string? accept, PollingOptions limits, CancellationToken ct)
    {
        var current = new Uri(url);
        var visited = new HashSet<string>(StringComparer.Ordinal) { current.AbsoluteUri };
        string? permanentUrl = null;
        var allPermanent = true;
        for (var hop = 0; ; hop++)
        {
            using var response = await SendAsync(current, etag, lastModified, accept, ct);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                var location = response.Headers.Location;
                if (location is null)
                    return FetchResult.Failed(FeedErrorKinds.Redirect, $"HTTP {status} without a Location header", status);
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    return FetchResult.Failed(FeedErrorKinds.Redirect, $"redirect to a non-http(s) URL: {next}", status);
                if (!visited.Add(next.AbsoluteUri))
                    return FetchResult.Failed(FeedErrorKinds.Redirect, $"redirect loop: {next.AbsoluteUri} was already visited", status);
                if (hop + 1 > limits.MaxRedirects)
                    return FetchResult.Failed(FeedErrorKinds.Redirect, $"more than {limits.MaxRedirects} redirects", status);
                // Only a chain made of permanent moves tells us where the feed now lives.
                allPermanent &= status is 301 or 308;
                if (allPermanent)
                    permanentUrl = next.AbsoluteUri;
                current = next;
                continue;
            }
            return await ReadAsync(response, etag, lastModified, permanentUrl, limits, ct);
        }
    }

    /// <summary>
    /// One GET, sent a second time on a fresh connection when the first died before any response byte:
    /// a server that drops idle keep-alive connections kills the pooled one just as it is reused (curl
    /// and browsers retry the same way). A timeout, a refused TLS handshake or any HTTP answer is final.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, string? etag, string? lastModified, string? accept, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(Get(url, etag, lastModified, accept), HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e) when (DiedBeforeAnswering(e) && !ct.IsCancellationRequested)
        {
            // The dead connection has left the pool; the handler opens a new one.
            return await http.SendAsync(Get(url, etag, lastModified, accept), HttpCompletionOption.ResponseHeadersRead, ct);
        }
    }

    private static HttpRequestMessage Get(Uri url, string? etag, string? lastModified, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        // A header set on the request wins over the client's default of the same name.
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        if (etag is not null)
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (lastModified is not null)
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        return request;
    }

    /// <summary>The connection ended or was reset before the response headers (they were not read, or this is not thrown).</summary>
    internal static bool DiedBeforeAnswering(HttpRequestException e) =>
        e.InnerException is not (TimeoutException or OperationCanceledException)
        && (e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError
            || (e.HttpRequestError == HttpRequestError.Unknown && e.InnerException is IOException));

    private async Task<FetchResult> ReadAsync(HttpResponseMessage response, string? etag, string? lastModified,
        string? permanentUrl, PollingOptions limits, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotModified)
            return new FetchResult(FetchStatus.NotModified, HttpStatus: 304, ETag: etag, LastModified: lastModified, PermanentUrl: permanentUrl);
        if (!response.IsSuccessStatusCode)
        {
            var message = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            var kind = status switch
            {
                410 => FeedErrorKinds.Gone,
                429 => FeedErrorKinds.RateLimited,
                _ => FeedErrorKinds.Http,
            };
            var retryAfter = status is 429 or 503 ? RetryAfter(response.Headers.RetryAfter, limits.MaxRetryAfter) : null;
            return FetchResult.Failed(kind, message, status) with { PermanentUrl = permanentUrl, RetryAfter = retryAfter };
        }

        var body = await ReadCappedAsync(response.Content, limits.MaxBodyBytes, ct);
        if (body is null)
            return FetchResult.Failed(FeedErrorKinds.TooLarge, $"body larger than {limits.MaxBodyBytes:N0} bytes", status) with { PermanentUrl = permanentUrl };

        return new FetchResult(
            FetchStatus.Fetched,
            body,
            response.Content.Headers.ContentType?.CharSet,
            response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R"),
            status,
            PermanentUrl: permanentUrl,
            MediaType: response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Retry-After as seconds or as an HTTP date, never negative, capped.</summary>
    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeSpan max)
    {
        var delay = header?.Delta ?? (header?.Date is { } date ? date - clock.GetUtcNow() : null);
        if (delay is not { } value)
            return null;
        return value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes (after decompression); null when there is more.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long cap, CancellationToken ct)
    {
        if (content.Headers.ContentLength > cap)
            return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        return await CappedRead.ReadAsync(stream, cap, content.Headers.ContentLength, ct);
    }

    /// <summary>The handler behind the typed client: decompression; redirects are left to <see cref="FetchAsync"/>.</summary>
    public static HttpMessageHandler CreateHandler(PollingOptions polling) => new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = Math.Max(1, polling.MaxConcurrencyPerHost),
    };

    public static void Configure(HttpClient client, PollingOptions polling)
    {
        // Each fetch has its own deadline (RequestTimeout); the client's own must not cut in first.
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(polling.UserAgent);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/rss+xml"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/atom+xml"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/feed+json"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml", 0.9));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
    }
}
