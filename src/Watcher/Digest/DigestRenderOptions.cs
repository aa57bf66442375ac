namespace Watcher.Digest;

/// <summary>How a digest is rendered: the readers' language and time zone, and the moment it is sent.</summary>
/// <param name="TimeZone">The desk's zone; every date in the digest, subject included, is shown in it.</param>
/// <param name="Now">When the digest is made; its local date goes into the subject.</param>
public sealed record DigestRenderOptions(TimeZoneInfo TimeZone, DateTimeOffset Now)
{
    /// <summary>"fr" (default) or "en"; anything else falls back to French.</summary>
    public string Language { get; init; } = "fr";

    /// <summary>Overrides the topic shown in the subject and heading; null means the language's default.</summary>
    public string? Topic { get; init; }

    /// <summary>Roughly how many characters of summary each entry shows (two to three lines on a phone).</summary>
    public int SnippetLength { get; init; } = 240;

    public DigestMailKind Kind { get; init; } = DigestMailKind.Digest;

    /// <summary>The admin footer; <see cref="FeedHealthReport.None"/> leaves it out.</summary>
    public FeedHealthReport Health { get; init; } = FeedHealthReport.None;

    /// <summary>The recipient's feedback and unsubscribe links (or their placeholders); null: none, and no word about them.</summary>
    public IDigestLinks? Links { get; init; }
}
