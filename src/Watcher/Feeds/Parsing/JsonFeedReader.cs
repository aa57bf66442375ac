using System.Globalization;
using System.Text.Json;

namespace Watcher.Feeds.Parsing;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).</summary>
internal static class JsonFeedReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    public static ParsedFeed Read(ReadOnlySpan<byte> utf8, Uri? documentUri, int maxItems)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, Options);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FeedParseException($"malformed JSON {ParseErrors.Describe(e)}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FeedParseException("JSON but not a JSON Feed: the top level is not an object");
            }
            var version = String(root, "version");
            var hasItems = root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array;
            if (version?.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase) != true && !hasItems)
            {
                throw new FeedParseException("JSON but not a JSON Feed: no jsonfeed.org version and no items");
            }
            var baseUri = Links.Rebase(documentUri, String(root, "feed_url"));
            var list = new List<ParsedItem>();
            var cut = 0;
            if (hasItems)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }
                    if (list.Count >= maxItems)
                    {
                        cut++;
                        continue;
                    }
                    var link = String(item, "url") ?? String(item, "external_url");
                    var summary = String(item, "summary") ?? String(item, "content_text") ?? String(item, "content_html");
                    list.Add(new ParsedItem(
                        String(item, "title"),
                        Links.Resolve(baseUri, link),
                        String(item, "id"),
                        FeedDates.Parse(String(item, "date_published")) ?? FeedDates.Parse(String(item, "date_modified")),
                        summary));
                }
            }
            return new ParsedFeed(FeedFormat.JsonFeed, String(root, "title"), list, cut > 0 ? [FeedParser.ItemsCutNote(list.Count, cut)] : [])
            {
                ItemsCut = cut,
            };
        }
    }

    /// <summary>A string property, trimmed; numbers are accepted too (JSON Feed 1.0 ids are sometimes numeric).</summary>
    private static string? String(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
