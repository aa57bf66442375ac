namespace Watcher.Digest;

/// <summary>An entry made ready for display: cleaned text, a link only when it is safe to click.</summary>
internal sealed record DigestItem(
    string Title,
    Uri? SafeLink,
    string? UnsafeLink,
    string Outlet,
    string When,
    string Snippet,
    IReadOnlyList<string> Terms,
    IReadOnlyList<TextSpan> TitleMarks,
    IReadOnlyList<TextSpan> SnippetMarks)
{
    public static IReadOnlyList<DigestItem> From(
        IReadOnlyList<DigestEntry> entries, DigestRenderOptions options, DigestLocale locale)
    {
        var ordered = entries
            .OrderByDescending(e => e.Score)
            .ThenByDescending(e => e.Published ?? e.FoundAt)
            .ThenBy(e => e.HitId);
        return [.. ordered.Select(e => Prepare(e, options, locale))];
    }

    private static DigestItem Prepare(DigestEntry entry, DigestRenderOptions options, DigestLocale locale)
    {
        var title = FeedText.Clean(entry.Title);
        if (title.Length == 0)
            title = locale.Code == "fr" ? "(sans titre)" : "(untitled)";

        var link = FeedText.Clean(entry.Link);
        var safe = SafeHttpLink(link);
        var local = TimeZoneInfo.ConvertTime(entry.Published ?? entry.FoundAt, options.TimeZone).DateTime;
        var snippet = FeedText.Snippet(FeedText.SummaryToText(entry.Summary), Math.Max(40, options.SnippetLength));

        var terms = entry.MatchedTerms
            .Select(FeedText.Clean)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new DigestItem(
            title,
            safe,
            safe is null && link.Length > 0 ? link : null,
            FeedText.Clean(entry.FeedName),
            locale.FormatDateTime(local),
            snippet,
            terms,
            TermHighlighter.Find(title, terms),
            TermHighlighter.Find(snippet, terms));
    }

    /// <summary>Only absolute http(s) links may become clickable; javascript:, data:, file: and relative ones stay text.</summary>
    internal static Uri? SafeHttpLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
            return null;
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri))
            return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return null;
        return string.IsNullOrEmpty(uri.Host) ? null : uri;
    }
}
