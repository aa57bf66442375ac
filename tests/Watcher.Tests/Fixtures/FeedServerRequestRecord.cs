namespace Watcher.Tests.Fixtures;

/// <summary>One request the <see cref="FeedServer"/> received, as far as conditional-GET tests care.</summary>
/// <param name="Path">The path without the query string, e.g. "/feeds/a.xml".</param>
/// <param name="QueryString">"?a=1" or empty.</param>
/// <param name="IfNoneMatch">The raw If-None-Match header, or null when absent.</param>
/// <param name="IfModifiedSince">The raw If-Modified-Since header, or null when absent.</param>
/// <param name="UserAgent">The raw User-Agent header, or null when absent.</param>
/// <param name="Time">When the server received the request (UTC).</param>
public sealed record RequestRecord(
    string Path,
    string QueryString,
    string Method,
    string? IfNoneMatch,
    string? IfModifiedSince,
    string? UserAgent,
    DateTimeOffset Time);
