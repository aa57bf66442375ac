namespace Watcher.Feeds;

public enum FetchStatus { Fetched, NotModified, Failed }

/// <summary>How one HTTP fetch of a feed ended: a value, never an exception, so one feed cannot stop a poll.</summary>
/// <param name="PermanentUrl">Where the feed now lives when the server answered with permanent redirects (301/308) only.</param>
/// <param name="RetryAfter">The server's Retry-After on 429/503, as a delay from now.</param>
/// <param name="MediaType">The Content-Type's media type of a fetched body (text/html, application/rss+xml…), if the server gave one.</param>
public sealed record FetchResult(
    FetchStatus Status,
    byte[]? Body = null,
    string? Charset = null,
    string? ETag = null,
    string? LastModified = null,
    int? HttpStatus = null,
    string? ErrorKind = null,
    string? Error = null,
    string? PermanentUrl = null,
    TimeSpan? RetryAfter = null,
    string? MediaType = null)
{
    public static FetchResult Failed(string kind, string message, int? httpStatus = null) =>
        new(FetchStatus.Failed, HttpStatus: httpStatus, ErrorKind: kind, Error: message);
}

/// <summary>Short, stable names for what went wrong; shown in `watcher feeds list`.</summary>
public static class FeedErrorKinds
{
    public const string Http = "http";
    public const string Gone = "gone";
    public const string RateLimited = "rate-limited";
    public const string Redirect = "redirect";
    public const string Timeout = "timeout";
    public const string Network = "network";
    public const string TooLarge = "too-large";
    public const string Parse = "parse";
    public const string Internal = "internal";
}
