namespace Watcher.Digest;

/// <summary>
/// The digest's own words and date formats. Month names are spelled out here rather than taken
/// from CultureInfo so the subject line does not change with the machine's ICU version.
/// </summary>
internal sealed record DigestLocale(
    string Code,
    string DefaultTopic,
    string WhyLabel,
    string OutletLabel,
    string NonClickableLinkLabel,
    string TimesShownIn,
    string Footer,
    string NoArticles,
    string[] Months,
    string DateTimeSeparator)
{
    // Non-breaking spaces before ":" follow French typography and keep the colon off a new line.
    public static readonly DigestLocale French = new(
        "fr",
        "Mali–Russie",
        "Pourquoi\u00A0:",
        "Source\u00A0:",
        "Lien non cliquable\u00A0:",
        "Heures de {0}",
        "Message automatique de Watcher — merci de ne pas y répondre.",
        "Aucun article.",
        ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        " à ");

    public static readonly DigestLocale English = new(
        "en",
        "Mali–Russia",
        "Why:",
        "Source:",
        "Link (not clickable):",
        "Times shown for {0}",
        "Automated message from Watcher — please do not reply.",
        "No articles.",
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        ", ");

    public static DigestLocale For(string? language) =>
        language is not null && language.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : French;

    /// <summary>"1 article" is the same word in both languages; French also keeps zero singular.</summary>
    public string ArticleCount(int count)
    {
        var plural = Code == "fr" ? count > 1 : count != 1;
        return plural ? $"{count} articles" : $"{count} article";
    }

    public string FormatDate(DateTime local) =>
        $"{local.Day} {Months[local.Month - 1]} {local.Year}";

    public string FormatDateTime(DateTime local) =>
        $"{FormatDate(local)}{DateTimeSeparator}{local.Hour:00}:{local.Minute:00}";

    /// <summary>"Africa/Bamako" reads as "Bamako"; zones without a city keep their id.</summary>
    public string ZoneNote(TimeZoneInfo zone)
    {
        var id = zone.Id;
        var slash = id.LastIndexOf('/');
        var city = (slash >= 0 ? id[(slash + 1)..] : id).Replace('_', ' ');
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, TimesShownIn, city);
    }
}
