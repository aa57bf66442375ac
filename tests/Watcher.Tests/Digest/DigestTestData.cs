using Watcher.Digest;

namespace Watcher.Tests.Digest;

internal static class DigestTestData
{
    public static readonly TimeZoneInfo Bamako = TimeZoneInfo.FindSystemTimeZoneById("Africa/Bamako");
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static readonly DateTimeOffset Morning = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    // Distinct stories by default, so that entries a test does not describe are not grouped together.
    private static readonly (string Title, string Summary)[] Stories =
    [
        ("Bamako et Moscou renforcent leur coopération militaire", "Le Mali et la Russie ont signé un nouvel accord de défense à Moscou."),
        ("Une délégation russe attendue à Kidal", "Des responsables du ministère russe de la Défense visiteront le nord du pays."),
        ("Uranium : Rosatom en discussion avec les autorités de transition", "Le groupe public russe propose une usine de traitement près de Bamako."),
        ("Les FAMa reçoivent deux hélicoptères Mi-171", "La livraison fait suite au contrat conclu en début d'année avec Moscou."),
        ("Bourses d'études : cent étudiants maliens partent pour Kazan", "Le programme de coopération universitaire est élargi cette année."),
        ("Blé russe : un nouveau cargo arrive au port de Dakar pour Bamako", "La cargaison sera acheminée par la route vers la capitale malienne."),
        ("Africa Corps : relève des instructeurs à Tombouctou", "Une rotation de personnels a eu lieu en fin de semaine."),
        ("Forum Russie-Afrique : Goïta confirme sa venue", "Le chef de la transition se rendra au sommet prévu l'an prochain."),
    ];

    public static DigestEntry Entry(
        long id,
        string? title = null,
        string? link = "",
        string? summary = "",
        string feed = "Journal du Mali",
        DateTimeOffset? published = null,
        double score = 1.0,
        params string[] terms)
    {
        var story = Stories[(int)(id % Stories.Length)];
        return new(id, title ?? story.Title,
            link == "" ? $"https://example.org/article-{id}" : link,
            summary == "" ? story.Summary : summary,
            feed, published ?? Morning.AddHours(-3), Morning.AddHours(-2), score,
            terms.Length == 0 ? ["Moscou", "coopération militaire"] : terms);
    }

    public static DigestRenderOptions French(DateTimeOffset? now = null, TimeZoneInfo? zone = null) =>
        new(zone ?? Bamako, now ?? Morning);
}
