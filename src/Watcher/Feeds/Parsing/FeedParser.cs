using Watcher.Feeds.Parsing;

namespace Watcher.Feeds;

/// <summary>
/// Reads RSS 0.91–2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents. Strict XML
/// first, streamed straight from the bytes; when that fails, textual repairs (listed in
/// <see cref="ParsedFeed.Recoveries"/>) and a second pass, keeping the items that were complete
/// where the document finally breaks.
/// </summary>
public static class FeedParser
{
    /// <summary>Items kept from one document unless told otherwise (Polling:MaxItemsPerFeed).</summary>
    public const int DefaultMaxItems = 5000;

    public static ParsedFeed Parse(ReadOnlySpan<byte> content, string? httpCharset = null, Uri? documentUri = null, int maxItems = DefaultMaxItems) =>
        Parse(content.ToArray(), httpCharset, documentUri, maxItems);

    /// <param name="maxItems">The first this many items are kept; the rest are counted in <see cref="ParsedFeed.ItemsCut"/>.</param>
    public static ParsedFeed Parse(byte[] content, string? httpCharset = null, Uri? documentUri = null, int maxItems = DefaultMaxItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentNullException.ThrowIfNull(content);
        var first = FirstSignificantByte(content);
        if (first < 0)
        {
            throw new FeedParseException("empty document");
        }
        if (content[first] is (byte)'{' or (byte)'[')
        {
            return JsonFeedReader.Read(content.AsSpan(first), documentUri, maxItems);
        }

        var recoveries = new List<string>();
        var choice = FeedDecoding.Choose(content, httpCharset);
        if (choice.Recovery is not null)
        {
            recoveries.Add(choice.Recovery);
        }
        if (choice.AsciiCompatible && content[first] == '<')
        {
            // The usual case: no string of the whole document, the reader decodes as it goes.
            var head = content.AsSpan(first);
            if (StartsWithHtml(head))
            {
                throw NotAFeed();
            }
            DtdGuard.Check(head, choice.Encoding);
            var outcome = ReadStreamed(content, first, choice, documentUri, maxItems);
            return outcome.Error is null
                ? Finish(outcome, recoveries)
                : Repair(choice.Encoding.GetString(content, first, content.Length - first), outcome, recoveries, documentUri, maxItems);
        }

        var text = StartOfMarkup(choice.Encoding.GetString(content, choice.Offset, content.Length - choice.Offset), recoveries);
        DtdGuard.Check(text);
        using var textReader = new StringReader(text);
        var strict = XmlFeedReader.Read(textReader, documentUri, maxItems);
        return strict.Error is null ? Finish(strict, recoveries) : Repair(text, strict, recoveries, documentUri, maxItems);
    }

    private static XmlReadOutcome ReadStreamed(byte[] content, int first, EncodingChoice choice, Uri? documentUri, int maxItems)
    {
        using var stream = new MemoryStream(content, first, content.Length - first, writable: false);
        if (choice.XmlReaderAgrees)
        {
            return XmlFeedReader.Read(stream, documentUri, maxItems);
        }
        using var decoded = new StreamReader(stream, choice.Encoding, detectEncodingFromByteOrderMarks: false);
        return XmlFeedReader.Read(decoded, documentUri, maxItems);
    }

    private static ParsedFeed Repair(string text, XmlReadOutcome strict, List<string> recoveries, Uri? documentUri, int maxItems)
    {
        var outcome = strict;
        var repaired = XmlRepairs.Repair(text, recoveries);
        if (!ReferenceEquals(repaired, text))
        {
            using var reader = new StringReader(repaired);
            var second = XmlFeedReader.Read(reader, documentUri, maxItems);
            if (second.Error is null || second.Items.Count >= strict.Items.Count)
            {
                outcome = second;
            }
        }
        return Finish(outcome, recoveries);
    }

    private static ParsedFeed Finish(XmlReadOutcome outcome, List<string> recoveries)
    {
        if (outcome.Format is null)
        {
            throw new FeedParseException(outcome.RootName is not null
                ? $"no <rss>, <feed>, <entry> or <rdf:RDF> root (found <{outcome.RootName}>)"
                : $"not well-formed XML: {(outcome.Error is null ? "no root element" : ParseErrors.Describe(outcome.Error))}", outcome.Error);
        }
        if (outcome.Error is not null)
        {
            recoveries.Add($"stopped-at-error (kept {outcome.Items.Count} complete items): {ParseErrors.Describe(outcome.Error)}");
        }
        if (outcome.ItemsCut > 0)
        {
            recoveries.Add(ItemsCutNote(outcome.Items.Count, outcome.ItemsCut));
        }
        return new ParsedFeed(outcome.Format.Value, outcome.Title, outcome.Items, recoveries,
            PollTiming.FeedFloor(outcome.Ttl, outcome.UpdatePeriod, outcome.UpdateFrequency))
        {
            ItemsCut = outcome.ItemsCut,
        };
    }

    internal static string ItemsCutNote(int kept, int cut) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"items-cut (kept the first {kept:N0} of {kept + cut:N0} items: Polling:MaxItemsPerFeed)");

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
                throw new FeedParseException("not XML or JSON: the document starts with neither '<' nor '{' (its content is not shown)");
            }
            recoveries.Add("stripped-leading-junk");
            start = found;
        }
        if (StartsWithHtml(text.AsSpan(start)))
        {
            throw NotAFeed();
        }
        return start == 0 ? text : text[start..];
    }

    private static int FindFeedStart(string text, int from)
    {
        var window = text.AsSpan(from, Math.Min(4096, text.Length - from));
        foreach (var marker in (ReadOnlySpan<string>)["<?xml", "<rss", "<feed", "<entry", "<rdf:RDF"])
        {
            var at = window.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return from + at;
            }
        }
        return -1;
    }

    private static bool StartsWithHtml(ReadOnlySpan<char> head) =>
        head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
        || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    private static bool StartsWithHtml(ReadOnlySpan<byte> head) =>
        StartsWithAsciiIgnoreCase(head, "<!doctype html"u8) || StartsWithAsciiIgnoreCase(head, "<html"u8);

    private static bool StartsWithAsciiIgnoreCase(ReadOnlySpan<byte> head, ReadOnlySpan<byte> lowerPrefix)
    {
        if (head.Length < lowerPrefix.Length)
        {
            return false;
        }
        for (int i = 0; i < lowerPrefix.Length; i++)
        {
            var b = head[i];
            if ((b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b) != lowerPrefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static FeedParseException NotAFeed() => new("not a feed: an HTML page (<html> or <!DOCTYPE html>)");
}
