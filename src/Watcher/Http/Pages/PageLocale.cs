namespace Watcher.Http.Pages;

/// <summary>The pages' words, in the list's language (fr or en, as the digest).</summary>
internal sealed record PageLocale
{
    public required string Code { get; init; }
    public required string FeedbackHeading { get; init; }
    public required string FeedbackExplain { get; init; }
    public required string FeedbackButton { get; init; }
    public required string FeedbackDone { get; init; }
    public required string MissedHeading { get; init; }
    public required string MissedExplain { get; init; }
    public required string UrlLabel { get; init; }
    public required string NoteLabel { get; init; }
    public required string MissedButton { get; init; }
    public required string MissedDone { get; init; }
    public required string MissedNotHttp { get; init; }
    public required string MissedUnreadable { get; init; }
    public required string UnsubscribeHeading { get; init; }
    public required string UnsubscribeExplain { get; init; }
    public required string UnsubscribeButton { get; init; }
    public required string UnsubscribeDone { get; init; }
    public required string ThanksHeading { get; init; }
    public required string InvalidHeading { get; init; }
    public required string InvalidLink { get; init; }
    public required string ExpiredLink { get; init; }
    public required string BadForm { get; init; }
    public required string ArticleGone { get; init; }
    public required string NotSaved { get; init; }

    public static readonly PageLocale French = new()
    {
        Code = "fr",
        FeedbackHeading = "Article non pertinent\u00A0?",
        FeedbackExplain = "Cet article du digest «\u00A0{0}\u00A0» n'aurait pas dû y figurer\u00A0? Votre avis apprend à Watcher à mieux trier.",
        FeedbackButton = "Pas pertinent",
        FeedbackDone = "Merci\u00A0: l'article est noté comme non pertinent.",
        MissedHeading = "Signaler un article manqué",
        MissedExplain = "Un article sur le sujet manquait dans le digest «\u00A0{0}\u00A0»\u00A0? Donnez son adresse\u00A0: Watcher lira son titre et son résumé pour apprendre.",
        UrlLabel = "Adresse de l'article",
        NoteLabel = "Note (facultative)",
        MissedButton = "Envoyer",
        MissedDone = "Merci\u00A0: l'article est enregistré comme pertinent.",
        MissedNotHttp = "Donnez l'adresse complète de l'article, commençant par https:// ou http://.",
        MissedUnreadable = "Watcher n'a pas pu lire cette page ({0}). Vérifiez l'adresse, ou donnez celle d'une autre publication du même article.",
        UnsubscribeHeading = "Se désabonner",
        UnsubscribeExplain = "{1} ne recevra plus le digest «\u00A0{0}\u00A0».",
        UnsubscribeButton = "Me désabonner",
        UnsubscribeDone = "C'est fait\u00A0: {1} ne recevra plus le digest «\u00A0{0}\u00A0». Pour revenir, demandez-le à l'administrateur de Watcher.",
        ThanksHeading = "Merci",
        InvalidHeading = "Lien inutilisable",
        InvalidLink = "Ce lien n'est pas valide. Utilisez le lien tel qu'il figure dans le digest.",
        ExpiredLink = "Ce lien a expiré. Utilisez celui d'un digest plus récent.",
        BadForm = "Le formulaire n'a pas pu être vérifié (il a peut-être expiré). Rouvrez le lien depuis le digest et recommencez.",
        ArticleGone = "Watcher ne conserve plus cet article.",
        NotSaved = "Watcher n'a pas pu enregistrer votre réponse pour le moment. Réessayez plus tard.",
    };

    public static readonly PageLocale English = new()
    {
        Code = "en",
        FeedbackHeading = "Not relevant?",
        FeedbackExplain = "Should this article of the “{0}” digest not have been in it? Your answer teaches Watcher to sort better.",
        FeedbackButton = "Not relevant",
        FeedbackDone = "Thank you: the article is marked as not relevant.",
        MissedHeading = "Report a missed article",
        MissedExplain = "Was an article on the subject missing from the “{0}” digest? Give its address: Watcher will read its title and summary to learn.",
        UrlLabel = "Article address",
        NoteLabel = "Note (optional)",
        MissedButton = "Send",
        MissedDone = "Thank you: the article is recorded as relevant.",
        MissedNotHttp = "Give the article's full address, starting with https:// or http://.",
        MissedUnreadable = "Watcher could not read that page ({0}). Check the address, or give another outlet's copy of the article.",
        UnsubscribeHeading = "Unsubscribe",
        UnsubscribeExplain = "{1} will no longer receive the “{0}” digest.",
        UnsubscribeButton = "Unsubscribe me",
        UnsubscribeDone = "Done: {1} will no longer receive the “{0}” digest. To come back, ask Watcher's administrator.",
        ThanksHeading = "Thank you",
        InvalidHeading = "Link not usable",
        InvalidLink = "This link is not valid. Use the link exactly as it is in the digest.",
        ExpiredLink = "This link has expired. Use the one in a more recent digest.",
        BadForm = "The form could not be verified (it may have expired). Open the link from the digest again and retry.",
        ArticleGone = "Watcher no longer keeps this article.",
        NotSaved = "Watcher could not record your answer just now. Please try again later.",
    };

    /// <summary>The digest's choice of language, so that a page speaks as the mail it came from.</summary>
    public static PageLocale For(string? language) => Digest.DigestLocale.For(language).Code == English.Code ? English : French;

    public static string Format(string template, params object[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values);
}
