namespace Watcher.Digest;

/// <summary>Renders pending hits into a digest's subject, plain-text part and HTML part.</summary>
public static class DigestRenderer
{
    /// <summary>
    /// Reports of the same story become one entry; entries are shown by score, highest first,
    /// then newest first. All dates, the subject's included, are in <see cref="DigestRenderOptions.TimeZone"/>.
    /// No entries: the one-line « rien de nouveau » mail.
    /// </summary>
    public static RenderedDigest Render(IReadOnlyList<DigestEntry> entries, DigestRenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);

        var locale = DigestLocale.For(options.Language);
        var topic = FeedText.Clean(options.Topic);
        if (topic.Length == 0)
            topic = locale.DefaultTopic;

        var today = TimeZoneInfo.ConvertTime(options.Now, options.TimeZone).DateTime;
        var items = DigestItem.From(entries, options, locale);
        var count = items.Count == 0 ? locale.NothingNewSubject : locale.ArticleCount(items.Count);
        var subject = options.Kind == DigestMailKind.Alert
            ? $"{locale.AlertPrefix} {topic} — {count} — {locale.FormatDateTime(today)}"
            : $"{topic} — {count} — {locale.FormatDate(today)}";
        var page = new DigestPage(subject, locale.ZoneNote(options.TimeZone), items, Footer(options, locale), locale) { Links = options.Links };

        return new RenderedDigest(subject, DigestTextWriter.Write(page), DigestHtmlWriter.Write(page));
    }

    private static IReadOnlyList<string> Footer(DigestRenderOptions options, DigestLocale locale)
    {
        string Since(DateTimeOffset at) => locale.FormatDateTime(TimeZoneInfo.ConvertTime(at, options.TimeZone).DateTime);
        var lines = new List<string>();
        foreach (var feed in options.Health.Failing)
        {
            var detail = FeedText.Snippet(FeedText.Clean(feed.Detail), 120);
            lines.Add($"{FeedText.Clean(feed.Name)} — {locale.Format(locale.FailingSince, Since(feed.Since))}"
                + (detail.Length > 0 ? $" ({detail})" : ""));
        }
        foreach (var feed in options.Health.Silent)
            lines.Add($"{FeedText.Clean(feed.Name)} — {locale.Format(locale.SilentSince, Since(feed.Since))}");
        foreach (var feed in options.Health.Disabled)
        {
            var reason = FeedText.Snippet(FeedText.Clean(feed.Detail), 120);
            lines.Add($"{FeedText.Clean(feed.Name)} — {locale.Format(locale.DisabledSince, Since(feed.Since))}"
                + (reason.Length > 0 ? $" ({reason})" : ""));
        }
        foreach (var run in options.Health.Unconfirmed)
            lines.Add(locale.Unconfirmed(run));
        return lines;
    }
}

/// <summary>Everything both parts show, computed once so the text and HTML parts say the same thing.</summary>
internal sealed record DigestPage(
    string Heading,
    string ZoneNote,
    IReadOnlyList<DigestItem> Items,
    IReadOnlyList<string> AdminLines,
    DigestLocale Locale)
{
    public IDigestLinks? Links { get; init; }
}
