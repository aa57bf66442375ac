using System.Globalization;
using Watcher.Feeds;
using Xunit;
using SecondOpinion = CodeHollow.FeedReader.FeedReader;

namespace Watcher.Tests.Feeds.Parsing;

/// <summary>
/// CodeHollow.FeedReader (the feed package the design names) as a second opinion: every conformance
/// document and every feed fixture of this project is parsed by both, and where both read it, the feed
/// title, the item count and each item's title, link, id and date must agree — or the difference is
/// listed with its reason in TestData/Feeds/feedreader-differences.tsv. A listed difference that no
/// longer occurs fails the test too, so the list stays true.
/// </summary>
public sealed class FeedReaderDifferentialTests
{
    private static readonly string DifferencesFile = Path.Combine(AppContext.BaseDirectory, "TestData", "Feeds", "feedreader-differences.tsv");

    [Fact]
    public void Watcher_and_FeedReader_agree_wherever_both_read_a_document()
    {
        var documents = Documents();
        Assert.True(documents.Count >= 170, $"only {documents.Count} documents found");
        var found = new SortedSet<Difference>();
        var bothRead = 0;
        foreach (var (name, path) in documents)
        {
            var bytes = File.ReadAllBytes(path);
            if (ReadByWatcher(bytes) is not { } ours || ReadByFeedReader(bytes) is not { } theirs)
            {
                continue;
            }
            bothRead++;
            Compare(name, ours, theirs, found);
        }
        Assert.True(bothRead >= 150, $"only {bothRead} documents read by both parsers");

        var known = LoadKnown();
        var unexplained = found.Where(d => !known.ContainsKey(d.Key) && !known.ContainsKey(d.EveryItemKey)).ToList();
        var stale = known.Keys.Where(k => !found.Any(d => d.Key == k || d.EveryItemKey == k)).ToList();
        Assert.True(unexplained.Count == 0,
            $"{unexplained.Count} disagreement(s) with FeedReader not listed in feedreader-differences.tsv (fix Watcher, or list it with its reason):\n"
            + string.Join('\n', unexplained.Select(d => d.ToString())));
        Assert.True(stale.Count == 0,
            "feedreader-differences.tsv lists disagreements that no longer occur (remove them):\n"
            + string.Join('\n', stale.Select(k => $"{k.Document}\t{k.Field}\t{k.Item}")));
    }

    private static void Compare(string document, ParsedFeed ours, CodeHollow.FeedReader.Feed theirs, SortedSet<Difference> found)
    {
        Check(found, document, "feed_title", "-", ours.Title, theirs.Title);
        if (ours.Items.Count != theirs.Items.Count)
        {
            // Items are compared by position: with different counts only the count is reported.
            found.Add(new Difference(document, "item_count", "-", ours.Items.Count.ToString(CultureInfo.InvariantCulture),
                theirs.Items.Count.ToString(CultureInfo.InvariantCulture)));
            return;
        }
        for (var i = 0; i < ours.Items.Count; i++)
        {
            var (a, b) = (ours.Items[i], theirs.Items[i]);
            var index = i.ToString(CultureInfo.InvariantCulture);
            Check(found, document, "title", index, a.Title, b.Title);
            Check(found, document, "link", index, a.Link, b.Link);
            Check(found, document, "id", index, a.Guid, b.Id);
            Check(found, document, "date", index, Iso(a.Published), Iso(Utc(b.PublishingDate)));
        }
    }

    private static void Check(SortedSet<Difference> found, string document, string field, string item, string? ours, string? theirs)
    {
        var (a, b) = (Normal(ours), Normal(theirs));
        if (!string.Equals(a, b, StringComparison.Ordinal))
        {
            found.Add(new Difference(document, field, item, a, b));
        }
    }

    /// <summary>Both sides trimmed, and empty means absent (FeedReader gives "" where Watcher gives null).</summary>
    private static string? Normal(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Iso(DateTimeOffset? date) =>
        date?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// FeedReader's DateTime: Local (a zone was given, it converted to this machine's zone) back to UTC;
    /// Unspecified (no zone in the document) read as UTC, as Watcher and the conformance contract do.
    /// This keeps the comparison the same in every time zone.
    /// </summary>
    private static DateTimeOffset? Utc(DateTime? date) => date switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static ParsedFeed? ReadByWatcher(byte[] bytes)
    {
        try
        {
            return FeedParser.Parse(bytes);
        }
        catch (FeedParseException)
        {
            return null;
        }
    }

    /// <summary>FeedReader reads dates with the current culture; the invariant one keeps the test the same under any LANG.</summary>
    private static CodeHollow.FeedReader.Feed? ReadByFeedReader(byte[] bytes)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return SecondOpinion.ReadFromByteArray(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any exception is FeedReader's way of refusing a document.
            return null;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>The conformance set's feed documents, and this project's own feed fixtures.</summary>
    internal static List<(string Name, string Path)> Documents()
    {
        var conformance = ConformanceTests.FindConformanceDir();
        var documents = new List<(string, string)>();
        foreach (var line in File.ReadLines(Path.Combine(conformance, "MANIFEST.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            if (columns.Length >= 2 && columns[0] == "feed")
            {
                documents.Add(("conformance/" + columns[1], Path.Combine(conformance, columns[1])));
            }
        }
        var testData = Path.Combine(AppContext.BaseDirectory, "TestData");
        foreach (var folder in new[] { "EndToEnd", Path.Combine("Feeds", "Encodings") })
        {
            // The *.undeclared.xml fixtures name their encoding in HTTP only, which ReadFromByteArray cannot be told.
            foreach (var file in Directory.EnumerateFiles(Path.Combine(testData, folder), "*.xml").Where(f => !f.EndsWith(".undeclared.xml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                documents.Add(("TestData/" + Path.GetRelativePath(testData, file).Replace('\\', '/'), file));
            }
        }
        return documents;
    }

    private static Dictionary<(string Document, string Field, string Item), string> LoadKnown()
    {
        var known = new Dictionary<(string, string, string), string>();
        foreach (var line in File.ReadLines(DifferencesFile))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            Assert.True(columns.Length == 4 && columns[3].Trim().Length > 0,
                $"feedreader-differences.tsv: every line needs document, field, item index (or * for all) and a reason: '{line}'");
            Assert.True(known.TryAdd((columns[0], columns[1], columns[2]), columns[3]), $"feedreader-differences.tsv: listed twice: '{line}'");
        }
        return known;
    }

    private sealed record Difference(string Document, string Field, string Item, string? Watcher, string? FeedReader) : IComparable<Difference>
    {
        public (string, string, string) Key => (Document, Field, Item);

        /// <summary>"*" in the item column: the same reason for every item of the document.</summary>
        public (string, string, string) EveryItemKey => (Document, Field, "*");

        public int CompareTo(Difference? other) => other is null ? 1
            : (Document, Field, Item.PadLeft(6)).CompareTo((other.Document, other.Field, other.Item.PadLeft(6)));

        public override string ToString() => $"{Document}\t{Field}\t{Item}\twatcher={Show(Watcher)} feedreader={Show(FeedReader)}";

        private static string Show(string? value) =>
            value is null ? "(none)" : "'" + (value.Length > 80 ? value[..80] + "…" : value).ReplaceLineEndings(" ") + "'";
    }
}
