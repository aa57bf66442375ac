using Watcher.Digest;

namespace Watcher.Tests.Digest;

internal static class DigestTestData
{
    public static readonly TimeZoneInfo Bamako = TimeZoneInfo.FindSystemTimeZoneById("Africa/Bamako");
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static readonly DateTimeOffset Morning = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    public static DigestEntry Entry(
        long id,
        string title = "Bamako et Moscou renforcent leur coopération militaire",
        string? link = "https://example.org/article",
        string? summary = "Le Mali et la Russie ont signé un nouvel accord de défense à Moscou.",
        string feed = "Journal du Mali",
        DateTimeOffset? published = null,
        double score = 1.0,
        params string[] terms) =>
        new(id, title, link, summary, feed, published ?? Morning.AddHours(-3), Morning.AddHours(-2), score,
            terms.Length == 0 ? ["Moscou", "coopération militaire"] : terms);

    public static DigestRenderOptions French(DateTimeOffset? now = null, TimeZoneInfo? zone = null) =>
        new(zone ?? Bamako, now ?? Morning);
}
