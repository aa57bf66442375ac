using Watcher.Feeds.Parsing;

namespace Watcher.Feeds;

/// <summary>
/// Reads RSS 0.91–2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents. Strict XML
/// first; when that fails, textual repairs (listed in <see cref="ParsedFeed.Recoveries"/>) and a
/// second pass, keeping the items that were complete where the document finally breaks.
/// </summary>
public static class FeedParser
{
    public static ParsedFeed Parse(ReadOnlySpan<byte> content, string? httpCharset = null, Uri? documentUri = null)
    {
        var first = FirstSignificantByte(content);
        if (first < 0)
        {
            throw new FeedParseException("empty document");
        }
        if (content[first] is (byte)'{' or (byte)'[')
        {
            return JsonFeedReader.Read(content[first..], documentUri);
        }

        var recoveries = new List<string>();
        var decoded = FeedDecoding.Decode(content, httpCharset);
        if (decoded.Recovery is not null)
        {
            recoveries.Add(decoded.Recovery);
        }
        var text = StartOfMarkup(decoded.Text, recoveries);

        var outcome = XmlFeedReader.Read(text, documentUri);
        if (outcome.Error is not null)
        {
            var repaired = XmlRepairs.Repair(text, recoveries);
            if (!ReferenceEquals(repaired, text))
            {
                var second = XmlFeedReader.Read(repaired, documentUri);
                if (second.Error is null || second.Items.Count >= outcome.Items.Count)
                {
                    outcome = second;
                }
            }
        }
        if (outcome.Format is null)
        {
            throw new FeedParseException(outcome.RootName is not null
                ? $"no <rss>, <feed> or <rdf:RDF> root (found <{outcome.RootName}>)"
                : $"not well-formed XML: {outcome.Error?.Message ?? "no root element"}", outcome.Error);
        }
        if (outcome.Error is not null)
        {
            recoveries.Add($"stopped-at-error (kept {outcome.Items.Count} complete items): {outcome.Error.Message}");
        }
        if (outcome.ItemLimitReached)
        {
            recoveries.Add($"stopped-at-item-limit ({XmlFeedReader.MaxItems})");
        }
        return new ParsedFeed(outcome.Format.Value, outcome.Title, outcome.Items, recoveries);
    }

    private static int FirstSignificantByte(ReadOnlySpan<byte> content)
    {
        int i = content.StartsWith("\uFEFF"u8) ? 3 : 0;
        for (; i < content.Length; i++)
        {
            if (content[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The text from its first tag: leading whitespace (illegal before an XML declaration) and junk
    /// before a recognisable start are cut; HTML pages and non-markup are refused with a clear message.
    /// </summary>
    private static string StartOfMarkup(string text, List<string> recoveries)
    {
        int start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is '\uFEFF' or '\0'))
        {
            start++;
        }
        if (start == text.Length)
        {
            throw new FeedParseException("empty document");
        }
        if (text[start] != '<')
        {
            var found = FindFeedStart(text, start);
            if (found < 0)
            {
                throw new FeedParseException($"not XML or JSON: starts with '{Preview(text, start)}'");
            }
            recoveries.Add("stripped-leading-junk");
            start = found;
        }
        if (StartsWithHtml(text, start))
        {
            throw new FeedParseException($"not XML or JSON: starts with '{Preview(text, start)}' (an HTML page, not a feed)");
        }
        return start == 0 ? text : text[start..];
    }

    private static int FindFeedStart(string text, int from)
    {
        var window = text.AsSpan(from, Math.Min(4096, text.Length - from));
        foreach (var marker in (ReadOnlySpan<string>)["<?xml", "<rss", "<feed", "<rdf:RDF"])
        {
            var at = window.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return from + at;
            }
        }
        return -1;
    }

    private static bool StartsWithHtml(string text, int start)
    {
        var head = text.AsSpan(start);
        return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static string Preview(string text, int start)
    {
        var preview = text.AsSpan(start, Math.Min(20, text.Length - start)).ToString();
        return preview.ReplaceLineEndings(" ");
    }
}
