using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Data;
using Watcher.Labels;
using Watcher.Relevance;

namespace Watcher.Cli;

/// <summary>watcher feedback add|list: editors' labels on articles, which eval and learning read.</summary>
public static partial class FeedbackCommands
{
    public static Command Create()
    {
        var feedback = new Command("feedback", "Label articles relevant or irrelevant; `eval --feedback` and `keywords learn` use the labels.");
        feedback.Subcommands.Add(Add());
        feedback.Subcommands.Add(List());
        return feedback;
    }

    private static Command Add()
    {
        var target = new Argument<string>("url-or-item-id")
        {
            Description = "The article's URL, or a stored item's id as `feedback list` and `keywords … --dry-run` show it (hit:<id> for a hit's id).",
        };
        var label = new Argument<string>("label") { Description = "relevant or irrelevant." };
        label.AcceptOnlyFromAmong([.. FeedbackLabels.All]);
        var note = new Option<string?>("--note") { Description = "Why, for the other editors." };
        var title = new Option<string?>("--title") { Description = "The article's title (replaces the stored or fetched one; with --text, nothing is fetched)." };
        var text = new Option<string?>("--text") { Description = "The article's summary or lead (replaces the stored or fetched one)." };
        return new Command("add", "Label an article: a stored item by id or URL, or any web page (its title and description are fetched). Labelling it again updates the label.") { target, label, note, title, text }
            .WithServices(async (services, parse, ct) =>
            {
                var store = services.GetRequiredService<FeedbackStore>();
                var (givenTitle, givenText) = (parse.GetValue(title), parse.GetValue(text));
                var input = new FeedbackInput(parse.GetValue(label)!, FeedbackSources.Cli) { Title = givenTitle, Text = givenText, Note = parse.GetValue(note) };
                string origin;
                switch (Target.Parse(parse.GetValue(target)!))
                {
                    case { Url: { } url }:
                        if (await store.FindByUrlAsync(url, ct) is { } stored)
                        {
                            input = input with { Url = url, SeenItemId = stored.SeenItemId, HitId = stored.HitId };
                            origin = References(stored.SeenItemId, stored.HitId);
                        }
                        else if (givenTitle is not null && givenText is not null)
                        {
                            input = input with { Url = url };
                            origin = "not a stored article: title and text as given";
                        }
                        else
                        {
                            var page = await services.GetRequiredService<PageFetcher>().FetchAsync(url, ct);
                            if (page.Summary is { } summary)
                            {
                                input = input with { Url = url, Title = givenTitle ?? summary.Title, Text = givenText ?? summary.Description };
                                origin = "not a stored article: title and description read from the page";
                            }
                            else if (givenTitle is not null)
                            {
                                input = input with { Url = url };
                                origin = $"not a stored article, and the page could not be read ({page.Error}): title as given";
                            }
                            else
                            {
                                throw new CliException($"could not read {url}: {page.Error}; nothing stored (--title, and --text, label it without the page)");
                            }
                        }
                        break;
                    case var item:
                        var found = await store.FindItemAsync(item.SeenItemId, item.HitId, ct)
                            ?? throw new CliException(item.SeenItemId is { } s ? $"no stored item {s}" : $"no stored hit {item.HitId}");
                        input = input with { SeenItemId = found.SeenItemId, HitId = found.HitId };
                        origin = References(found.SeenItemId, found.HitId);
                        break;
                }

                var result = await store.AddAsync(input, ct);
                var row = result.Feedback;
                Console.WriteLine(result.Created
                    ? $"Label {row.Id}: {row.Label} — {row.Title}"
                    : $"Label {row.Id} updated: {row.Label} (was {result.PreviousLabel}) — {row.Title}");
                if (row.Url is not null)
                    Console.WriteLine("  " + row.Url);
                Console.WriteLine("  " + origin);
                var classifier = await services.GetRequiredService<KeywordStore>().LoadClassifierAsync(ct);
                Console.WriteLine("  " + Agreement(classifier, row));
                return CliRunner.Ok;
            });
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many labels, most recent first.", DefaultValueFactory = _ => 50 };
        var label = new Option<string?>("--label") { Description = "Only relevant or only irrelevant labels." };
        label.AcceptOnlyFromAmong([.. FeedbackLabels.All]);
        return new Command("list", "List labels, most recent first: id, when, label, source, whether the active keywords agree (✓/✗), title, URL, stored item or hit, note.") { limit, label }
            .WithServices(async (services, parse, ct) =>
            {
                if (parse.GetValue(limit) <= 0)
                    throw new CliException("--limit must be above 0");
                var rows = await services.GetRequiredService<FeedbackStore>().ListAsync(parse.GetValue(limit), parse.GetValue(label), ct);
                if (rows.Count == 0)
                {
                    Console.WriteLine("No labels yet: `watcher feedback add <url-or-item-id> relevant|irrelevant` adds one.");
                    return CliRunner.Ok;
                }
                var classifier = await services.GetRequiredService<KeywordStore>().LoadClassifierAsync(ct);
                var agree = 0;
                Console.WriteLine($"{"ID",6}  {"WHEN (UTC)",-16}  {"LABEL",-10}  {"SOURCE",-13} KW  TITLE | URL");
                foreach (var row in rows)
                {
                    var kept = classifier.IsRelevant(row.Title, row.Text);
                    agree += kept == row.Relevant ? 1 : 0;
                    var who = row.ListName is null && row.Recipient is null ? "" : $" [{row.ListName ?? "-"}/{row.Recipient ?? "-"}]";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.Id,6}  {row.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {row.Label,-10}  {row.Source,-13} {(kept == row.Relevant ? "✓" : "✗")}   ")
                        + row.Title + (row.Url is null ? "" : " | " + row.Url)
                        + (row.SeenItemId is null && row.HitId is null ? "" : $" ({References(row.SeenItemId, row.HitId)})")
                        + who + (row.Note is null ? "" : " — " + row.Note));
                }
                Console.WriteLine(classifier.TermCount == 0
                    ? "No active keywords: run `watcher keywords learn` (✗ means nothing would be kept)."
                    : $"{rows.Count} label(s): the active keywords agree with {agree}, disagree with {rows.Count - agree}.");
                return CliRunner.Ok;
            });
    }

    private static string References(long? seenItemId, long? hitId) =>
        string.Join(", ", new[] { seenItemId is { } s ? $"stored item {s}" : null, hitId is { } h ? $"hit:{h}" : null }.OfType<string>());

    /// <summary>Whether the active keywords would have decided as the editor did, and their reason.</summary>
    private static string Agreement(RelevanceClassifier classifier, Feedback row)
    {
        if (classifier.TermCount == 0)
            return "no active keywords yet to compare with (`watcher keywords learn`)";
        var verdict = classifier.Classify(row.Title, row.Text);
        return (verdict.Relevant == row.Relevant ? "✓ the active keywords agree: " : "✗ the active keywords disagree: ")
            + (verdict.Relevant ? "kept" : "not kept") + " (" + verdict.Reason + ")";
    }

    /// <summary>What `feedback add` was given: a stored item's id (plain or item:N), a hit's id (hit:N), or a URL.</summary>
    private sealed partial record Target(long? SeenItemId, long? HitId, string? Url)
    {
        public static Target Parse(string text)
        {
            text = text.Trim();
            if (ItemId().Match(text) is { Success: true } item)
            {
                var id = long.Parse(item.Groups["id"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                return item.Groups["hit"].Success ? new Target(null, id, null) : new Target(id, null, null);
            }
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return new Target(null, null, uri.AbsoluteUri);
            throw new CliException($"'{text}' is neither an item id (123, item:123, hit:123) nor an http or https URL");
        }

        [GeneratedRegex(@"^(?:item:|(?<hit>hit:))?(?<id>[0-9]{1,18})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex ItemId();
    }
}
