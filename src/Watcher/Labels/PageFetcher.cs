using Watcher.Feeds;

namespace Watcher.Labels;

/// <summary>
/// Reads the title and description of an article's page, to label a URL Watcher never polled. The fetch
/// is the poller's (<see cref="FeedFetcher"/>): Polling:RequestTimeout, Polling:MaxBodyBytes,
/// Polling:MaxRedirects, Polling:UserAgent, http and https only.
/// </summary>
public sealed class PageFetcher(FeedFetcher fetcher)
{
    private static readonly HashSet<string> HtmlTypes = new(StringComparer.OrdinalIgnoreCase) { "text/html", "application/xhtml+xml" };

    /// <summary>The page's summary, or why it could not be read (one line).</summary>
    public async Task<PageFetch> FetchAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return PageFetch.Failed("not an http or https URL");
        var result = await fetcher.FetchPageAsync(uri.AbsoluteUri, ct);
        if (result.Status != FetchStatus.Fetched || result.Body is null)
            return PageFetch.Failed(result.Error ?? $"HTTP {result.HttpStatus}");
        // A missing Content-Type is read as HTML; a declared other type (PDF, image, feed) is not a page.
        if (result.MediaType is { } mediaType && !HtmlTypes.Contains(mediaType))
            return PageFetch.Failed($"not an HTML page ({mediaType})");
        var contentType = result.MediaType is null ? null
            : result.Charset is null ? result.MediaType : $"{result.MediaType}; charset={result.Charset.Trim('"', '\'', ' ')}";
        var summary = await PageSummary.ReadAsync(result.Body, contentType, new Uri(result.PermanentUrl ?? uri.AbsoluteUri), ct);
        return summary is null ? PageFetch.Failed("the page has no title and no description") : new PageFetch(summary, null);
    }
}

/// <param name="Error">Why the page could not be read; null when <paramref name="Summary"/> is set.</param>
public sealed record PageFetch(PageSummary? Summary, string? Error)
{
    public static PageFetch Failed(string error) => new(null, error);
}
