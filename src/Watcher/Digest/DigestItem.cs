namespace Watcher.Digest;

/// <summary>Another outlet that carried the same story.</summary>
internal sealed record DigestOutlet(string Name, string When, Uri? SafeLink);

/// <summary>
/// One story made ready for display: the first publisher's title, link and snippet, cleaned text,
/// a link only when it is safe to click, and every other outlet that carried it.
/// </summary>
internal sealed record DigestItem(
    string Title,
    Uri? SafeLink,
    string? UnsafeLink,
    string Outlet,
    string When,
    string Snippet,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> Highlighted,
    IReadOnlyList<TextSpan> TitleMarks,
    IReadOnlyList<TextSpan> SnippetMarks,
    IReadOnlyList<DigestOutlet> AlsoIn)
{
    /// <summary>Hits stored before their decisive terms were kept: their strongest matched terms stand in.</summary>
    internal const int FallbackHighlights = 3;

    /// <summary>The hit a "Not relevant" link labels: the story's first report.</summary>
    public long HitId { get; init; }

    /// <summary>Stories by relevance (their best score), then newest first.</summary>
    public static IReadOnlyList<DigestItem> From(
        IReadOnlyList<DigestEntry> entries, DigestRenderOptions options, DigestLocale locale)
    {
        var ordered = StoryGrouper.Group(entries)
            .OrderByDescending(story => story.Max(e => e.Score))
            .ThenByDescending(story => story[0].Published ?? story[0].FoundAt)
            .ThenBy(story => story[0].HitId);
        return [.. ordered.Select(story => Prepare(story, options, locale))];
    }

    private static DigestItem Prepare(IReadOnlyList<DigestEntry> story, DigestRenderOptions options, DigestLocale locale)
    {
        var entry = story[0];
        var title = FeedText.Clean(entry.Title);
        if (title.Length == 0)
            title = locale.Untitled;

        var link = FeedText.Clean(entry.Link);
        var safe = SafeHttpLink(link);
        var local = Local(entry, options);
        // The first publisher's summary, or the first outlet that gave one.
        var summary = story.Select(e => FeedText.Clean(e.Summary)).FirstOrDefault(s => s.Length > 0) ?? "";
        var snippet = FeedText.Snippet(summary, Math.Max(40, options.SnippetLength));

        var terms = story.SelectMany(e => e.MatchedTerms)
            .Select(FeedText.Clean)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        // Only what carried the decision is marked; « Pourquoi » still lists every matched term.
        var highlighted = Highlights(entry);

        var outlets = story.Skip(1)
            .Select(e => new DigestOutlet(OutletName(e), OutletTime(Local(e, options), local, locale), SafeHttpLink(FeedText.Clean(e.Link))))
            .ToList();

        return new DigestItem(
            title,
            safe,
            safe is null && link.Length > 0 ? link : null,
            OutletName(entry),
            locale.FormatDateTime(local),
            snippet,
            terms,
            highlighted,
            TermHighlighter.Find(title, highlighted),
            TermHighlighter.Find(snippet, highlighted),
            outlets)
        { HitId = entry.HitId };
    }

    private static IReadOnlyList<string> Highlights(DigestEntry entry)
    {
        var decisive = entry.DecisiveTerms.Count > 0 ? entry.DecisiveTerms : entry.MatchedTerms.Take(FallbackHighlights);
        return [.. decisive.Select(FeedText.Clean).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(Relevance.DecisiveTerms.Max)];
    }

    /// <summary>The outlet and, when the admin gave its feed one, its label: "RIA Novosti (state media)".</summary>
    private static string OutletName(DigestEntry entry)
    {
        var name = FeedText.Clean(entry.FeedName);
        var label = FeedText.Clean(entry.FeedLabel);
        return label.Length == 0 ? name : name.Length == 0 ? label : $"{name} ({label})";
    }

    private static DateTime Local(DigestEntry entry, DigestRenderOptions options) =>
        TimeZoneInfo.ConvertTime(entry.Published ?? entry.FoundAt, options.TimeZone).DateTime;

    /// <summary>Only the time when it is the same day as the first report: shorter lines on a phone.</summary>
    private static string OutletTime(DateTime local, DateTime first, DigestLocale locale) =>
        local.Date == first.Date ? DigestLocale.FormatTime(local) : locale.FormatDateTime(local);

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
