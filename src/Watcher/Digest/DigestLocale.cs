namespace Watcher.Digest;

/// <summary>
/// The digest's own words and date formats. Month names are spelled out here rather than taken
/// from CultureInfo so the subject line does not change with the machine's ICU version.
/// </summary>
internal sealed record DigestLocale
{
    public required string Code { get; init; }
    public required string DefaultTopic { get; init; }
    public required string WhyLabel { get; init; }
    public required string NonClickableLinkLabel { get; init; }
    public required string TimesShownIn { get; init; }
    public required string Footer { get; init; }
    public required string NoArticles { get; init; }
    public required string NothingNewSubject { get; init; }
    public required string NothingNewLine { get; init; }
    public required string AlertPrefix { get; init; }
    public required string AlsoIn { get; init; }
    public required string Untitled { get; init; }
    public required string AdminHeading { get; init; }
    public required string FailingSince { get; init; }
    public required string SilentSince { get; init; }
    public required string DisabledSince { get; init; }

    /// <summary>{0} kind, {1} id, {2} list, {3} article count, {4} Message-ID.</summary>
    public required string UnconfirmedRun { get; init; }
    public required IReadOnlyDictionary<string, string> KindNames { get; init; }
    public required string NotRelevantLink { get; init; }
    public required string MissedLink { get; init; }
    public required string UnsubscribeLink { get; init; }
    public required string[] Months { get; init; }
    public required string DateTimeSeparator { get; init; }

    /// <summary>What follows a label before its value: French puts a non-breaking space before the colon.</summary>
    public required string Colon { get; init; }

    // Non-breaking spaces before ":" follow French typography and keep the colon off a new line.
    public static readonly DigestLocale French = new()
    {
        Code = "fr",
        DefaultTopic = "Mali–Russie",
        WhyLabel = "Pourquoi\u00A0:",
        NonClickableLinkLabel = "Lien non cliquable\u00A0:",
        TimesShownIn = "Heures de {0}",
        Footer = "Message automatique de Watcher — merci de ne pas y répondre.",
        NoArticles = "Aucun article.",
        NothingNewSubject = "rien de nouveau",
        NothingNewLine = "Rien de nouveau depuis le dernier envoi.",
        AlertPrefix = "Alerte",
        AlsoIn = "Aussi chez\u00A0:",
        Untitled = "(sans titre)",
        AdminHeading = "Pour les administrateurs\u00A0:",
        FailingSince = "en échec depuis le {0}",
        SilentSince = "aucun nouvel article depuis le {0}",
        DisabledSince = "désactivé depuis le {0}",
        UnconfirmedRun = "L’envoi {1} ({0}, liste {2}, {3}) n’est peut-être pas arrivé\u00A0: chercher le Message-ID {4} dans la boîte, "
            + "puis « watcher digest resend {1} », ou « watcher digest dismiss {1} » s’il est arrivé",
        KindNames = new Dictionary<string, string> { ["digest"] = "digest", ["alert"] = "alerte", ["empty"] = "rien de nouveau" },
        NotRelevantLink = "Pas pertinent",
        MissedLink = "Signaler un article manqué",
        UnsubscribeLink = "Se désabonner de cette liste",
        Months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        DateTimeSeparator = " à ",
        Colon = "\u00A0:",
    };

    public static readonly DigestLocale English = new()
    {
        Code = "en",
        DefaultTopic = "Mali–Russia",
        WhyLabel = "Why:",
        NonClickableLinkLabel = "Link (not clickable):",
        TimesShownIn = "Times shown for {0}",
        Footer = "Automated message from Watcher — please do not reply.",
        NoArticles = "No articles.",
        NothingNewSubject = "nothing new",
        NothingNewLine = "Nothing new since the last digest.",
        AlertPrefix = "Alert",
        AlsoIn = "Also in:",
        Untitled = "(untitled)",
        AdminHeading = "For administrators:",
        FailingSince = "failing since {0}",
        SilentSince = "no new item since {0}",
        DisabledSince = "disabled since {0}",
        UnconfirmedRun = "{0} {1} (list {2}, {3}) may not have arrived: check the mailbox for Message-ID {4}, "
            + "then `watcher digest resend {1}`, or `watcher digest dismiss {1}` if it did",
        KindNames = new Dictionary<string, string> { ["digest"] = "Digest", ["alert"] = "Alert", ["empty"] = "Empty-day mail" },
        NotRelevantLink = "Not relevant",
        MissedLink = "Report a missed article",
        UnsubscribeLink = "Unsubscribe from this list",
        Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        DateTimeSeparator = ", ",
        Colon = ":",
    };

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

    public static string FormatTime(DateTime local) => $"{local.Hour:00}:{local.Minute:00}";

    public string Format(string template, string value) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);

    public string Unconfirmed(UnconfirmedDigest run) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, UnconfirmedRun,
            KindNames.GetValueOrDefault(run.Kind, run.Kind), run.Id, run.ListName, ArticleCount(run.HitCount), run.MessageId);

    /// <summary>"Africa/Bamako" reads as "Bamako"; zones without a city keep their id.</summary>
    public string ZoneNote(TimeZoneInfo zone)
    {
        var id = zone.Id;
        var slash = id.LastIndexOf('/');
        var city = (slash >= 0 ? id[(slash + 1)..] : id).Replace('_', ' ');
        return Format(TimesShownIn, city);
    }
}
