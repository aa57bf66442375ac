namespace Watcher.Digest;

/// <summary>Renders pending hits into a digest's subject, plain-text part and HTML part.</summary>
public static class DigestRenderer
{
    /// <summary>
    /// Entries are shown by score, highest first, then newest first. All dates, the subject's
    /// included, are in <see cref="DigestRenderOptions.TimeZone"/>.
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
        var subject = $"{topic} — {locale.ArticleCount(entries.Count)} — {locale.FormatDate(today)}";
        var zoneNote = locale.ZoneNote(options.TimeZone);
        var items = DigestItem.From(entries, options, locale);

        return new RenderedDigest(
            subject,
            DigestTextWriter.Write(subject, zoneNote, items, locale),
            DigestHtmlWriter.Write(subject, zoneNote, items, locale));
    }
}
