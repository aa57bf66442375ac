using System.Globalization;
using System.Text;

namespace Watcher.Http.Admin;

/// <summary>
/// Every word the admin pages show, in English (the key) and French, in one place. The language is the
/// request's (the switch's cookie, else Accept-Language). A key missing here fails the page loudly,
/// and a test reads the pages for keys this table lacks.
/// </summary>
public sealed class AdminText
{
    public string Language => IsFrench ? "fr" : "en";

    private static bool IsFrench => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    public string this[string key] =>
        Strings.TryGetValue(key, out var french) ? (IsFrench ? french : English.GetValueOrDefault(key, key))
        : throw new KeyNotFoundException($"admin text '{key}' is missing from AdminText.Strings");

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    public static bool Has(string key) => Strings.ContainsKey(key);

    public static string LanguageName(string culture) => culture == "fr" ? "Français" : "English";

    /// <summary>A time in UTC as the tables show it; "–" for none.</summary>
    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>A weight as a form field holds it: a point, whatever the language.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A number typed with a decimal point or a decimal comma; null when it is not one.</summary>
    public static double? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var normalized = text.Trim().Replace(',', '.');
        return double.TryParse(normalized, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) ? value : null;
    }

    /// <summary>A share as a percentage in the page's language; "–" when there is nothing to measure.</summary>
    public static string Share(double? share) => share?.ToString("P0", CultureInfo.CurrentCulture) ?? "–";

    /// <summary>Something a stranger typed, fit for one log line: no control characters, at most 64 characters.</summary>
    public static string ForLog(string typed)
    {
        var sb = new StringBuilder(Math.Min(typed.Length, 64));
        foreach (var c in typed.Take(64))
            sb.Append(char.IsControl(c) ? '?' : c);
        return sb.ToString();
    }

    internal static IReadOnlyDictionary<string, string> All => Strings;

    /// <summary>The English of the keys that are not English text themselves.</summary>
    private static readonly Dictionary<string, string> English = new(StringComparer.Ordinal)
    {
        ["facet.mali"] = "the Malian side",
        ["facet.russia"] = "the Russian side",
        ["facet.topic"] = "the subject between them",
        ["facet.unrelated"] = "another subject",
        ["facet.other"] = "another actor",
        ["facet.aside"] = "a mention in passing",
        ["ambiguous"] = "may not have arrived",
        ["empty"] = "“nothing new”",
    };

    private static readonly Dictionary<string, string> Strings = new(StringComparer.Ordinal)
    {
        // Layout, login, errors
        ["Skip to the content"] = "Aller au contenu",
        ["admin"] = "admin",
        ["Admin pages"] = "Pages d’administration",
        ["Sign in"] = "Se connecter",
        ["Sign out"] = "Se déconnecter",
        ["User name"] = "Nom d’utilisateur",
        ["Password"] = "Mot de passe",
        ["Users are added on the server: watcher users add <name>."] = "Les utilisateurs s’ajoutent sur le serveur : watcher users add <nom>.",
        ["Too many attempts: wait a little, then try again."] = "Trop de tentatives : attendez un peu, puis réessayez.",
        ["Wrong user name or password."] = "Nom d’utilisateur ou mot de passe incorrect.",
        ["Error"] = "Erreur",
        ["Not found"] = "Introuvable",
        ["There is no such page, or what it showed was removed."] = "Cette page n’existe pas, ou ce qu’elle montrait a été supprimé.",
        ["Request refused"] = "Requête refusée",
        ["The form was not sent by this page as it was shown (it may have been open too long): reload the page and try again."] =
            "Le formulaire n’a pas été envoyé par cette page telle qu’elle était affichée (elle est peut-être restée ouverte trop longtemps) : rechargez la page et réessayez.",
        ["Something went wrong"] = "Une erreur s’est produite",
        ["The request failed; the service's log says why. Nothing was changed unless the page said so."] =
            "La requête a échoué ; le journal du service dit pourquoi. Rien n’a été modifié, sauf si la page l’a indiqué.",
        ["Back to the feeds"] = "Retour aux flux",

        // Menu
        ["Feeds"] = "Flux",
        ["Keywords"] = "Mots-clés",
        ["Hits"] = "Articles retenus",
        ["Digests"] = "Envois",
        ["Quality"] = "Qualité",

        // Common words
        ["Actions"] = "Actions",
        ["Add"] = "Ajouter",
        ["Cancel"] = "Annuler",
        ["Save"] = "Enregistrer",
        ["Edit"] = "Modifier",
        ["Remove"] = "Supprimer",
        ["Reset"] = "Relancer",
        ["Filter"] = "Filtrer",
        ["Search"] = "Rechercher",
        ["Show"] = "Afficher",
        ["Status"] = "État",
        ["Label"] = "Étiquette",
        ["Feed"] = "Flux",
        ["never"] = "jamais",
        ["all"] = "tous",
        ["no"] = "non",
        ["None."] = "Aucun.",
        ["Warning:"] = "Avertissement :",
        ["Off:"] = "Arrêté :",

        // Feeds
        ["No feeds yet: add one below."] = "Aucun flux pour l’instant : ajoutez-en un ci-dessous.",
        ["{0} feed(s): status, failures in a row, last error and next poll (UTC)"] = "{0} flux : état, échecs consécutifs, dernière erreur et prochaine relève (UTC)",
        ["Failures"] = "Échecs",
        ["Last success"] = "Dernier succès",
        ["Next poll"] = "Prochaine relève",
        ["Last error"] = "Dernière erreur",
        ["new"] = "nouveau",
        ["ok"] = "ok",
        ["failing"] = "en échec",
        ["disabled"] = "arrêté",
        ["Add a feed"] = "Ajouter un flux",
        ["Address (http or https)"] = "Adresse (http ou https)",
        ["Name shown in the digest (optional)"] = "Nom affiché dans l’envoi (facultatif)",
        ["Label (optional): state media, wire, local press…"] = "Étiquette (facultative) : média d’État, agence, presse locale…",
        ["Give the feed's full address, starting with http:// or https://."] = "Donnez l’adresse complète du flux, commençant par http:// ou https://.",
        ["A label is one line of at most {0} characters."] = "Une étiquette tient sur une ligne de {0} caractères au plus.",
        ["Added {0}."] = "{0} ajouté.",
        ["{0} was already there; its name and label are updated."] = "{0} était déjà là ; son nom et son étiquette sont mis à jour.",
        ["{0}: failures cleared, enabled, polled at the next poll."] = "{0} : échecs effacés, activé, relevé à la prochaine relève.",
        ["Import an OPML file"] = "Importer un fichier OPML",
        ["OPML file (at most {0} KB); feeds already there are left as they are"] = "Fichier OPML ({0} Ko au plus) ; les flux déjà présents restent tels quels",
        ["Import"] = "Importer",
        ["Choose an OPML file."] = "Choisissez un fichier OPML.",
        ["The file is larger than {0} KB: nothing imported."] = "Le fichier dépasse {0} Ko : rien n’a été importé.",
        ["Not an OPML file, nothing imported:"] = "Ce n’est pas un fichier OPML, rien n’a été importé :",
        ["Imported {0} feed(s); {1} already there; {2} skipped."] = "{0} flux importé(s) ; {1} déjà présent(s) ; {2} ignoré(s).",
        ["Skipped:"] = "Ignorés :",
        ["Edit a feed"] = "Modifier un flux",
        ["Name shown in the digest (empty: the address)"] = "Nom affiché dans l’envoi (vide : l’adresse)",
        ["Label: state media, wire, local press… (empty: none)"] = "Étiquette : média d’État, agence, presse locale… (vide : aucune)",
        ["{0} saved."] = "{0} enregistré.",
        ["Remove a feed"] = "Supprimer un flux",
        ["Remove {0} ({1})? What was stored for it (items, hits) is deleted too; this cannot be undone."] =
            "Supprimer {0} ({1}) ? Ce qui a été stocké pour lui (articles, articles retenus) est supprimé aussi ; c’est définitif.",
        ["Removed {0}."] = "{0} supprimé.",

        // Keywords
        ["Add or re-weight a keyword"] = "Ajouter ou repondérer un mot-clé",
        ["Nothing is saved yet: the next page shows what the change would do to stored items and to the evaluation, then asks."] =
            "Rien n’est encore enregistré : la page suivante montre l’effet du changement sur les articles stockés et sur l’évaluation, puis demande confirmation.",
        ["Keywords in use"] = "Mots-clés en service",
        ["Term contains"] = "Le terme contient",
        ["Only the facet"] = "Seulement la facette",
        ["Show switched-off terms"] = "Montrer les termes désactivés",
        ["{0} of {1} keyword(s): facet, weight, origin (learned or admin) and lexicon concept"] =
            "{0} mot(s)-clé(s) sur {1} : facette, poids, origine (appris ou admin) et concept du lexique",
        ["Term"] = "Terme",
        ["Facet"] = "Facette",
        ["Weight"] = "Poids",
        ["Origin"] = "Origine",
        ["Concept"] = "Concept",
        ["learned"] = "appris",
        ["off"] = "désactivé",
        ["Re-weight"] = "Repondérer",
        ["Switch on"] = "Réactiver",
        ["Switch off"] = "Désactiver",
        ["Term (a word or a name of several words)"] = "Terme (un mot ou un nom de plusieurs mots)",
        ["Weight (above 0, at most 100)"] = "Poids (au-dessus de 0, au plus 100)",
        ["Backtest on items first seen in the last … days (1 to 90)"] = "Tester sur les articles vus pour la première fois ces … derniers jours (1 à 90)",
        ["Run the backtest"] = "Lancer le test",
        ["Run the backtest again"] = "Relancer le test",
        ["facet.mali"] = "le côté malien",
        ["facet.russia"] = "le côté russe",
        ["facet.topic"] = "le sujet entre eux",
        ["facet.unrelated"] = "un autre sujet",
        ["facet.other"] = "un autre acteur",
        ["facet.aside"] = "une mention en passant",
        ["Now: {0}, facet {1}, weight {2}, {3}."] = "Actuellement : {0}, facette {1}, poids {2}, {3}.",
        ["active"] = "actif",
        ["switched off"] = "désactivé",
        ["Backtest: {0} ({1}, weight {2})"] = "Test : {0} ({1}, poids {2})",
        ["Save this keyword"] = "Enregistrer ce mot-clé",
        ["Give a term."] = "Donnez un terme.",
        ["Choose a facet."] = "Choisissez une facette.",
        ["The weight is a number above 0 and at most 100."] = "Le poids est un nombre au-dessus de 0 et au plus 100.",
        ["The backtest covers 1 to {0} days."] = "Le test couvre de 1 à {0} jours.",
        ["The labeled file (Relevance:EvalFile) could not be read:"] = "Le fichier annoté (Relevance:EvalFile) n’a pas pu être lu :",
        ["Keyword {0} ({1}, weight {2}) saved and active."] = "Mot-clé {0} ({1}, poids {2}) enregistré et actif.",
        ["Switch a keyword off"] = "Désactiver un mot-clé",
        ["Switch off {0}?"] = "Désactiver {0} ?",
        ["Facet {0}, weight {1}, {2}. A re-learn does not bring a term an admin switched off back."] =
            "Facette {0}, poids {1}, {2}. Un nouvel apprentissage ne ramène pas un terme désactivé par un admin.",
        ["Keyword {0} switched off."] = "Mot-clé {0} désactivé.",

        // Backtest
        ["Items first seen in the last {0} day(s) (since {1} UTC): {2}. Hits now {3}, with the change {4}: {5} would enter, {6} would leave."] =
            "Articles vus pour la première fois ces {0} derniers jours (depuis le {1} UTC) : {2}. Retenus aujourd’hui {3}, avec le changement {4} : {5} entreraient, {6} sortiraient.",
        ["Evaluation now and with the change"] = "Évaluation actuelle et avec le changement",
        ["Labeled articles"] = "Articles annotés",
        ["Precision"] = "Précision",
        ["Recall"] = "Rappel",
        ["kept and relevant / kept but irrelevant / missed / rightly left out"] = "retenus à raison / retenus à tort / manqués / écartés à raison",
        ["the editors' labels ({0})"] = "les annotations des rédacteurs ({0})",
        ["labeled file {0}"] = "fichier annoté {0}",
        ["none: Relevance:EvalFile is not set"] = "aucun : Relevance:EvalFile n’est pas défini",
        ["none stored yet"] = "aucune pour l’instant",
        ["now"] = "actuellement",
        ["with the change"] = "avec le changement",
        ["Would enter the hits"] = "Entreraient dans les articles retenus",
        ["Would leave the hits"] = "Sortiraient des articles retenus",
        ["… and {0} more."] = "… et {0} de plus.",

        // Hits
        ["Title or summary contains"] = "Le titre ou le résumé contient",
        ["No hits yet."] = "Aucun article retenu pour l’instant.",
        ["No hit matches."] = "Aucun article retenu ne correspond.",
        ["found"] = "trouvé le",
        ["score"] = "score",
        ["Why (the current keywords on this text)"] = "Pourquoi (les mots-clés actuels sur ce texte)",
        ["Language {0}; score {1} against a threshold of {2}: {3}."] = "Langue {0} ; score {1} pour un seuil de {2} : {3}.",
        ["kept"] = "retenu",
        ["not kept"] = "non retenu",
        ["Matches"] = "Correspondances",
        ["As written"] = "Tel qu’écrit",
        ["Field"] = "Champ",
        ["Counts"] = "Compte",
        ["title"] = "titre",
        ["summary"] = "résumé",
        ["Editors' labels: {0} relevant, {1} irrelevant."] = "Annotations des rédacteurs : {0} pertinent(s), {1} hors sujet.",
        ["Your label:"] = "Votre annotation :",
        ["relevant"] = "pertinent",
        ["irrelevant"] = "hors sujet",
        ["Labelled {0}: {1}."] = "Annoté {0} : {1}.",
        ["Older hits"] = "Articles plus anciens",

        // Digests
        ["Recipient lists"] = "Listes de destinataires",
        ["What each list would receive now: the preview sends nothing and marks nothing"] = "Ce que chaque liste recevrait maintenant : l’aperçu n’envoie et ne marque rien",
        ["List"] = "Liste",
        ["Recipients"] = "Destinataires",
        ["Schedule"] = "Horaire",
        ["Language"] = "Langue",
        ["Preview"] = "Aperçu",
        ["History"] = "Historique",
        ["No digest sent yet."] = "Aucun envoi pour l’instant.",
        ["The last {0} digests and alerts, newest first (UTC)"] = "Les {0} derniers envois et alertes, du plus récent au plus ancien (UTC)",
        ["Digest"] = "Envoi",
        ["Kind"] = "Type",
        ["Created"] = "Créé",
        ["Sent"] = "Envoyé",
        ["Subject"] = "Objet",
        ["Refused recipients and errors"] = "Destinataires refusés et erreurs",
        ["resend of #{0}"] = "renvoi du n° {0}",
        ["digest"] = "envoi quotidien",
        ["alert"] = "alerte",
        ["empty"] = "« rien de nouveau »",
        ["sending"] = "en cours",
        ["sent"] = "envoyé",
        ["interrupted"] = "interrompu",
        ["ambiguous"] = "peut-être pas arrivé",
        ["phase {0}"] = "étape {0}",
        ["Search the mailbox for its Message-ID, then `watcher digest resend {0}` if it never arrived, or `watcher digest dismiss {0}` if it did."] =
            "Chercher son Message-ID dans la boîte, puis « watcher digest resend {0} » s’il n’est pas arrivé, ou « watcher digest dismiss {0} » s’il l’est.",
        ["checked"] = "vérifié",
        ["failed"] = "échoué",
        ["superseded"] = "dépassé",
        ["Digest #{0}"] = "Envoi n° {0}",
        ["Delivered to"] = "Remis à",
        ["Refused by the server"] = "Refusés par le serveur",
        ["The HTML part, as mailed"] = "La partie HTML, telle qu’envoyée",
        ["The HTML part"] = "La partie HTML",
        ["The text part"] = "La partie texte",
        ["Send again…"] = "Renvoyer…",
        ["This digest was recorded without its content."] = "Cet envoi a été enregistré sans son contenu.",
        ["Send a digest again"] = "Renvoyer un envoi",
        ["Send digest #{0} ({1}, {2}) again, word for word with a new Message-ID, to the list's current recipients: {3}?"] =
            "Renvoyer l’envoi n° {0} ({1}, {2}) mot pour mot, avec un nouveau Message-ID, aux destinataires actuels de la liste : {3} ?",
        ["Send again"] = "Renvoyer",
        ["Digest #{0} sent again as digest #{1}, delivered to {2}."] = "Envoi n° {0} renvoyé comme envoi n° {1}, remis à {2}.",
        ["Digest #{0} was not sent again: {1}"] = "L’envoi n° {0} n’a pas été renvoyé : {1}",
        ["Preview of list {0}"] = "Aperçu de la liste {0}",
        ["What the list would receive if its digest were sent now; nothing is sent or marked."] =
            "Ce que la liste recevrait si son envoi partait maintenant ; rien n’est envoyé ni marqué.",
        ["Pending hits"] = "Articles en attente",
        ["No pending hits, and the list sends nothing on an empty day."] = "Aucun article en attente, et la liste n’envoie rien un jour vide.",

        // Quality
        ["Precision is the share of labelled hits the editors judged relevant (several labels on one hit: the majority, the latest on a tie). Labels come from digest links, these pages and watcher feedback add."] =
            "La précision est la part des articles retenus annotés que les rédacteurs ont jugés pertinents (plusieurs annotations sur un article : la majorité, la plus récente en cas d’égalité). Les annotations viennent des liens des envois, de ces pages et de watcher feedback add.",
        ["Hit counts over the last … weeks"] = "Nombre d’articles retenus sur les … dernières semaines",
        ["{0} labelled hit(s): {1} relevant, {2} irrelevant; precision {3}."] = "{0} article(s) retenu(s) annoté(s) : {1} pertinent(s), {2} hors sujet ; précision {3}.",
        ["Precision per ISO week (of the hit's finding)"] = "Précision par semaine ISO (de la découverte de l’article)",
        ["Precision per feed, lowest first"] = "Précision par flux, la plus basse d’abord",
        ["Precision per keyword (hits it matched), lowest first"] = "Précision par mot-clé (articles qu’il a trouvés), la plus basse d’abord",
        ["Week"] = "Semaine",
        ["Keyword"] = "Mot-clé",
        ["Labelled hits"] = "Articles annotés",
        ["No labelled hit yet."] = "Aucun article annoté pour l’instant.",
        ["Hits per keyword since {0} UTC"] = "Articles retenus par mot-clé depuis le {0} UTC",
        ["No hit in that time."] = "Aucun article retenu sur cette période.",
        ["Hits each keyword matched, most first, with what the labels say of them"] =
            "Articles retenus trouvés par chaque mot-clé, du plus fréquent au moins fréquent, et ce qu’en disent les annotations",
    };
}
