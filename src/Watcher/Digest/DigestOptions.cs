namespace Watcher.Digest;

/// <summary>The "Digest" section: who gets the digest, when, and where it goes without SMTP.</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    public string[] Recipients { get; set; } = [];

    /// <summary>Quartz cron (with seconds) or classic five-field cron, read in <see cref="TimeZone"/>.</summary>
    public string Cron { get; set; } = "0 0 7 * * ?";

    /// <summary>IANA time zone of the desk: the cron and the dates in the digest use it.</summary>
    public string TimeZone { get; set; } = "Africa/Bamako";

    /// <summary>Where .eml files go when no SMTP host is set; relative paths start at the working directory.</summary>
    public string OutboxDirectory { get; set; } = "outbox";

    /// <summary>Language of the digest's own words: fr or en.</summary>
    public string Language { get; set; } = "fr";

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public string ResolveOutboxDirectory() => Path.GetFullPath(OutboxDirectory);
}
