namespace Watcher.Digest;

/// <summary>
/// The "Digest" section. Its top-level keys describe the default list "desk" and are the defaults of
/// every entry of <see cref="Lists"/>; with no Lists configured, "desk" is the only list.
/// </summary>
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

    /// <summary>Hits scoring at least this are mailed at once as an alert; null: no alerts.</summary>
    public double? AlertScore { get; set; }

    /// <summary>On a day with nothing new: true sends a one-line « rien de nouveau » mail, false sends nothing.</summary>
    public bool SendWhenEmpty { get; set; }

    /// <summary>The List-Unsubscribe target: a mailto: or https: URL; empty: no such header.</summary>
    public string? ListUnsubscribe { get; set; }

    /// <summary>Overrides the topic of subject and heading ("Mali–Russie").</summary>
    public string? Topic { get; set; }

    /// <summary>A feed with no new item for longer than this (and than four times its usual gap) is listed in the admin footer.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Waits between the retries of a failed send; the last one repeats until the send succeeds.
    /// Empty here because the configuration binder appends to an array; see <see cref="EffectiveRetryDelays"/>.
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)];

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;

    /// <summary>
    /// A list that has never received a digest starts with the hits found in this window (a new list
    /// does not get the whole archive); afterwards every hit not yet sent to it goes in. Alerts only
    /// consider hits found in this window.
    /// </summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often alerts, retries and half-sent runs are looked at.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Recipient lists, each with its own schedule; unset keys take the top-level value.</summary>
    public List<DigestListOptions> Lists { get; set; } = [];

    public string ResolveOutboxDirectory() => Path.GetFullPath(OutboxDirectory);

    /// <summary>The lists in effect: the configured ones, or the single default list "desk".</summary>
    public IReadOnlyList<DigestList> ResolveLists()
    {
        if (Lists.Count == 0)
            return [Resolve(new DigestListOptions { Name = Data.DigestKinds.DefaultList })];
        return [.. Lists.Select(Resolve)];
    }

    private DigestList Resolve(DigestListOptions list) => new(
        list.Name.Trim(),
        list.Recipients is { Length: > 0 } recipients ? recipients : Recipients,
        list.Cron ?? Cron,
        TimeZoneInfo.FindSystemTimeZoneById(list.TimeZone ?? TimeZone),
        list.Language ?? Language,
        list.AlertScore ?? AlertScore,
        list.SendWhenEmpty ?? SendWhenEmpty,
        NullIfEmpty(list.ListUnsubscribe ?? ListUnsubscribe),
        NullIfEmpty(list.Topic ?? Topic));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One entry of Digest:Lists; null keys inherit the top-level Digest value.</summary>
public sealed class DigestListOptions
{
    public string Name { get; set; } = "";
    public string[]? Recipients { get; set; }
    public string? Cron { get; set; }
    public string? TimeZone { get; set; }
    public string? Language { get; set; }
    public double? AlertScore { get; set; }
    public bool? SendWhenEmpty { get; set; }
    public string? ListUnsubscribe { get; set; }
    public string? Topic { get; set; }
}

/// <summary>A recipient list with every setting resolved.</summary>
public sealed record DigestList(
    string Name,
    string[] Recipients,
    string Cron,
    TimeZoneInfo TimeZone,
    string Language,
    double? AlertScore,
    bool SendWhenEmpty,
    string? ListUnsubscribe,
    string? Topic)
{
    /// <summary>Claims of immediate alerts live under their own name so the daily digest still gets the hit.</summary>
    public string AlertClaimName => Name + "/alert";
}
