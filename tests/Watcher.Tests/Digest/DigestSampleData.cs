using Watcher.Digest;

namespace Watcher.Tests.Digest;

/// <summary>A realistic morning for the Bamako desk: several outlets, one story carried by three of them, a troubled feed.</summary>
internal static class DigestSampleData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    public static IReadOnlyList<DigestEntry> Entries() =>
    [
        new(1, "Vladimir Poutine reçoit Assimi Goïta au Kremlin pour élargir la coopération militaire",
            "https://www.journaldumali.example/2026/11/21/poutine-goita-kremlin/",
            "Le président russe a reçu vendredi le chef de la transition malienne. Les deux dirigeants ont évoqué la livraison d'équipements, la formation des FAMa et la présence de l'Africa Corps dans le centre du pays.",
            "Journal du Mali", At(21, 17, 5), At(21, 17, 20), 9.4, ["Poutine", "Goïta", "coopération militaire", "Africa Corps"]),
        new(2, "Poutine et Goïta au Kremlin : la coopération militaire au menu",
            "https://www.journaldumali.example/2026/11/21/poutine-goita-kremlin/?utm_source=twitter",
            "Le président russe a reçu le chef de la transition malienne.",
            "Studio Tamani", At(21, 18, 40), At(21, 18, 45), 9.1, ["Poutine", "Goïta"]),
        new(3, "Vladimir Poutine reçoit Assimi Goïta au Kremlin pour élargir la coopération militaire",
            "https://rfi.example/fr/afrique/20261121-poutine-goita",
            "Le président russe a reçu vendredi le chef de la transition malienne. Les deux dirigeants ont évoqué la livraison d'équipements, la formation des FAMa et la présence de l'Africa Corps.",
            "RFI Afrique", At(21, 19, 12), At(21, 19, 30), 9.0, ["Poutine", "Goïta"]),
        new(4, "Uranium : Rosatom et Bamako signent un protocole d'accord sur une usine de traitement",
            "https://www.sahel-economie.example/uranium-rosatom-bamako",
            "Le conglomérat russe Rosatom s'engage à étudier la construction d'une unité de traitement de l'uranium près de Falea, selon le ministère des Mines.",
            "Sahel Économie", At(22, 6, 10), At(22, 6, 15), 7.2, ["Rosatom", "uranium", "Bamako"]),
        new(5, "Des instructeurs russes de l'Africa Corps déployés à Tombouctou",
            "https://www.maliweb.example/africa-corps-tombouctou",
            "Les forces armées maliennes accueillent de nouveaux instructeurs militaires russes, a annoncé l'état-major dans un communiqué publié dimanche matin.",
            "Maliweb", At(22, 5, 45), At(22, 5, 50), 6.8, ["Africa Corps", "instructeurs militaires russes"]),
        new(6, "Blé russe : 25 000 tonnes livrées au Mali dans le cadre de l'aide humanitaire",
            "https://www.lessor.example/ble-russe-25000-tonnes",
            "La cargaison, arrivée par le port de Dakar, sera distribuée dans les régions de Mopti et de Ségou.",
            "L'Essor", At(21, 11, 30), At(21, 11, 40), 4.1, ["blé russe", "Mali"]),
    ];

    public static FeedHealthReport Health() => new(
        [new FeedProblem("Le Républicain", At(20, 14, 0), "HTTP 503 Service Unavailable")],
        [new FeedProblem("Bamada.net", At(17, 9, 30), null)]);

    public static RenderedDigest Render() => DigestRenderer.Render(Entries(),
        new DigestRenderOptions(TimeZoneInfo.FindSystemTimeZoneById("Africa/Bamako"), Now) { Health = Health() });
}
