using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Watcher.Feeds;

/// <summary>
/// A parsed feed in the conformance schema of the shared feed set (format, feed_title,
/// item_count, items[].title/link/guid/published_utc), for `watcher feeds check --json`.
/// </summary>
public static class ConformanceJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The output is read by people and scripts, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ParsedFeed feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return WriteJson(w =>
        {
            w.WriteString("format", feed.Format switch
            {
                FeedFormat.Rss => "rss",
                FeedFormat.Atom => "atom",
                _ => "jsonfeed",
            });
            w.WriteString("feed_title", feed.Title);
            w.WriteNumber("item_count", feed.Items.Count);
            w.WriteStartArray("items");
            foreach (var item in feed.Items)
            {
                w.WriteStartObject();
                w.WriteString("title", item.Title);
                w.WriteString("link", item.Link);
                w.WriteString("guid", item.Guid);
                w.WriteString("published_utc", item.Published?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("recovered_by");
            foreach (var recovery in feed.Recoveries)
            {
                w.WriteStringValue(recovery);
            }
            w.WriteEndArray();
            // What `watcher feeds list` shows as the feed's warning: the repairs and any items cut.
            w.WriteStartArray("warnings");
            foreach (var recovery in feed.Recoveries)
            {
                w.WriteStringValue(recovery);
            }
            w.WriteEndArray();
        });
    }

    /// <summary>The schema's answer for a document that is not a feed: no items, and why.</summary>
    public static string WriteUnparseable(string error) => WriteJson(w =>
    {
        w.WriteString("format", "unparseable");
        w.WriteString("error", error);
        w.WriteNumber("item_count", 0);
        w.WriteStartArray("items");
        w.WriteEndArray();
    });

    private static string WriteJson(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
