using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Watcher.Feeds;

/// <summary>Fetches one feed document with conditional GET and hard limits on time and size.</summary>
public sealed class FeedFetcher(HttpClient http, IOptions<PollingOptions> options)
{
    public const string HttpClientName = "feeds";

    public async Task<FetchResult> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limits.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null)
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (lastModified is not null)
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FetchResult(FetchStatus.NotModified, HttpStatus: 304, ETag: etag, LastModified: lastModified);
            if (!response.IsSuccessStatusCode)
                return FetchResult.Failed(FeedErrorKinds.Http,
                    $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), (int)response.StatusCode);

            var body = await ReadCappedAsync(response.Content, limits.MaxBodyBytes, timeout.Token);
            if (body is null)
                return FetchResult.Failed(FeedErrorKinds.TooLarge, $"body larger than {limits.MaxBodyBytes:N0} bytes", (int)response.StatusCode);

            return new FetchResult(
                FetchStatus.Fetched,
                body,
                response.Content.Headers.ContentType?.CharSet,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"),
                (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Failed(FeedErrorKinds.Timeout, $"no complete answer within {limits.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failed(FeedErrorKinds.Network, e.InnerException?.Message is { } inner ? $"{e.Message} ({inner})" : e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException or NotSupportedException)
        {
            return FetchResult.Failed(FeedErrorKinds.Network, e.Message);
        }
        catch (IOException e)
        {
            return FetchResult.Failed(FeedErrorKinds.Network, e.Message);
        }
    }

    /// <summary>Reads at most <paramref name="cap"/> bytes (after decompression); null when there is more.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long cap, CancellationToken ct)
    {
        if (content.Headers.ContentLength > cap)
            return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > cap)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The handler behind the typed client: decompression and a bounded redirect chain.</summary>
    public static HttpMessageHandler CreateHandler(PollingOptions polling) => new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.All,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = Math.Max(1, polling.MaxRedirects),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 2,
    };

    public static void Configure(HttpClient client, PollingOptions polling)
    {
        // Each fetch has its own deadline (RequestTimeout); the client's own must not cut in first.
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(polling.UserAgent);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/rss+xml"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/atom+xml"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml", 0.9));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.5));
    }
}
