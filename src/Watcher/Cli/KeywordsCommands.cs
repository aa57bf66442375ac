using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Relevance;

namespace Watcher.Cli;

/// <summary>watcher keywords list|add|remove|learn|history; add, remove and learn take --dry-run.</summary>
public static class KeywordsCommands
{
    public static Command Create()
    {
        var keywords = new Command("keywords", "See and tune the keywords that decide relevance.");
        keywords.Subcommands.Add(List());
        keywords.Subcommands.Add(Add());
        keywords.Subcommands.Add(Remove());
        keywords.Subcommands.Add(Learn());
        keywords.Subcommands.Add(History());
        return keywords;
    }

    private static Command List() =>
        new Command("list", "List keywords: facet, weight, origin (learned or admin), term; (off) marks a term an admin removed.").WithServices(async (services, _, ct) =>
        {
            var keywords = await services.GetRequiredService<KeywordStore>().ListAsync(ct);
            if (keywords.Count == 0)
                Console.WriteLine("No keywords yet: run `watcher keywords learn`.");
            foreach (var k in keywords)
                Console.WriteLine($"{k.Facet,-9} {Weight(k.Weight),6}  {k.Origin,-7} {(k.Active ? "" : "(off) ")}{k.Term}");
            return CliRunner.Ok;
        });

    private static Command Add()
    {
        var term = new Argument<string>("term") { Description = "A word or a multi-word name." };
        var weight = new Option<double>("--weight") { Description = "How much a match counts.", DefaultValueFactory = _ => 1.0 };
        var facet = new Option<string>("--facet") { Description = "mali or russia (the sides), topic, unrelated (another subject), other (another actor), aside (a description, not a report).", DefaultValueFactory = _ => Facets.Topic };
        facet.AcceptOnlyFromAmong([.. Facets.All]);
        var (dryRun, eval) = DryRunOptions();
        return new Command("add", "Add or re-weight a keyword; it is then the admin's and survives a re-learn.") { term, weight, facet, dryRun, eval }
            .WithServices(async (services, parse, ct) =>
            {
                if (parse.GetValue(weight) is var w && (double.IsNaN(w) || w <= 0 || w > 100))
                    throw new CliException("--weight must be a number above 0 and at most 100");
                var store = services.GetRequiredService<KeywordStore>();
                if (parse.GetValue(dryRun))
                {
                    var proposed = KeywordSets.WithSet(await store.ListAsync(ct), parse.GetValue(term)!, w, parse.GetValue(facet)!);
                    return await PrintDryRunAsync(services, proposed, parse.GetValue(eval), ct);
                }
                var keyword = await store.SetAsync(parse.GetValue(term)!, w, parse.GetValue(facet)!, ct);
                Console.WriteLine($"Keyword '{keyword.Term}' ({keyword.Facet}, weight {keyword.Weight.ToString(CultureInfo.InvariantCulture)}) is active.");
                return CliRunner.Ok;
            });
    }

    private static Command Remove()
    {
        var term = new Argument<string>("term");
        var (dryRun, eval) = DryRunOptions();
        return new Command("remove", "Switch a keyword off; a re-learn does not bring it back.") { term, dryRun, eval }
            .WithServices(async (services, parse, ct) =>
            {
                var store = services.GetRequiredService<KeywordStore>();
                if (parse.GetValue(dryRun))
                {
                    var rows = await store.ListAsync(ct);
                    var key = KeywordStore.NormalizeTerm(parse.GetValue(term)!);
                    if (!rows.Any(r => r.Active && r.Term == key))
                        throw new CliException($"no active keyword '{parse.GetValue(term)}'");
                    return await PrintDryRunAsync(services, KeywordSets.WithRemoved(rows, key), parse.GetValue(eval), ct);
                }
                if (!await store.RemoveAsync(parse.GetValue(term)!, ct))
                    throw new CliException($"no active keyword '{parse.GetValue(term)}'");
                Console.WriteLine($"Keyword '{parse.GetValue(term)}' switched off.");
                return CliRunner.Ok;
            });
    }

    private static Command Learn()
    {
        var seeds = new Option<string?>("--seeds") { Description = "Folder of seed articles (default: Relevance:SeedsDirectory, the seeds/ shipped with Watcher)." };
        var yes = new Option<bool>("--yes") { Description = "Replace the learned keywords without asking." };
        var (dryRun, eval) = DryRunOptions();
        return new Command("learn", "Learn keywords from the seed articles, contrasted with recently polled news, then adjust them with the editors' labels; admin changes are kept.") { seeds, yes, dryRun, eval }
            .WithServices(async (services, parse, ct) =>
            {
                var outcome = await services.GetRequiredService<KeywordLearning>().LearnAsync(parse.GetValue(seeds), ct);
                Console.WriteLine($"Learned {outcome.Keywords.Count} keyword(s) from {outcome.SeedCount} seed article(s) in {outcome.SeedsDirectory}");
                Console.WriteLine($"  lexicon: {outcome.LexiconPath}");
                Console.WriteLine(outcome.BackgroundItems > 0
                    ? $"  background: {outcome.BackgroundItems} recently polled item(s) (subject words common in general news weigh less)"
                    : $"  background: none ({outcome.AvailableBackgroundItems} recently polled item(s), too few; the lexicon's prior was used)");
                Console.WriteLine("  facet     weight  term");
                foreach (var k in outcome.SeedKeywords.OrderBy(k => k.Facet, StringComparer.Ordinal).ThenByDescending(k => k.Weight).ThenBy(k => k.Term, StringComparer.Ordinal))
                    Console.WriteLine($"  {k.Facet,-9} {Weight(k.Weight),6}  {k.Term}");
                PrintLabelChanges(outcome.Labels);

                var store = services.GetRequiredService<KeywordStore>();
                var changes = await store.ReplaceLearnedAsync(outcome.Keywords, apply: false, ct);
                Console.WriteLine($"Changes: {changes.Added.Count} new, {changes.Updated.Count} re-weighted, {changes.Dropped.Count} dropped; {changes.KeptByAdmin.Count} kept as the admin set them.");
                if (parse.GetValue(dryRun))
                    return await PrintDryRunAsync(services, KeywordSets.WithLearned(await store.ListAsync(ct), outcome.Keywords), parse.GetValue(eval), ct);
                if (changes.IsEmpty)
                    return CliRunner.Ok;
                if (!parse.GetValue(yes) && await store.AnyAsync(ct) && !Confirm("Replace the learned keywords?"))
                {
                    Console.WriteLine("Nothing changed.");
                    return CliRunner.Failure;
                }
                await store.ReplaceLearnedAsync(outcome.Keywords, apply: true, ct);
                Console.WriteLine("Keywords updated.");
                return CliRunner.Ok;
            });
    }

    private static Command History()
    {
        var term = new Option<string?>("--term") { Description = "Only the changes of this term." };
        var limit = new Option<int>("--limit") { Description = "How many changes, newest first.", DefaultValueFactory = _ => 50 };
        return new Command("history", "List recorded keyword changes, newest first: when, action, source, term, old → new weight and facet.") { term, limit }
            .WithServices(async (services, parse, ct) =>
            {
                if (parse.GetValue(limit) <= 0)
                    throw new CliException("--limit must be above 0");
                var changes = await services.GetRequiredService<KeywordStore>().ListChangesAsync(parse.GetValue(term), parse.GetValue(limit), ct);
                if (changes.Count == 0)
                    Console.WriteLine("No keyword changes recorded.");
                foreach (var c in changes)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{c.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {c.Action,-10} {c.Source,-5}  {c.Term}  {Weight(c.OldWeight)} → {Weight(c.NewWeight)}  {c.OldFacet ?? "-"} → {c.NewFacet ?? "-"}"));
                }
                return CliRunner.Ok;
            });
    }

    /// <summary>What the editors' labels changed, apart from what the seeds gave, and the evaluation on those labels.</summary>
    private static void PrintLabelChanges(LabelAdjustment? labels)
    {
        if (labels is null || labels.LabelCount == 0)
        {
            Console.WriteLine("Labels: none stored (`watcher feedback add` labels an article); the seeds' keywords are used as they are.");
            return;
        }
        var relevant = labels.Before.TruePositives + labels.Before.FalseNegatives;
        Console.WriteLine(labels.Changes.Count == 0
            ? $"Labels: {labels.LabelCount} labelled article(s) ({relevant} relevant, {labels.LabelCount - relevant} irrelevant) change nothing."
            : $"Labels: {labels.LabelCount} labelled article(s) ({relevant} relevant, {labels.LabelCount - relevant} irrelevant) made {labels.Changes.Count} change(s):");
        foreach (var change in labels.Changes)
        {
            var terms = string.Join(", ", change.Terms.Take(4)) + (change.Terms.Count > 4 ? $", … ({change.Terms.Count} forms)" : "");
            Console.WriteLine(change.Kind == LabelLearner.Added
                ? $"  + {terms} ({change.Facet}, {Weight(change.NewWeight)}): {change.Reason}"
                : $"  {(change.Kind == LabelLearner.Up ? "↑" : "↓")} {terms} ({change.Facet}) {Weight(change.OldWeight)} → {Weight(change.NewWeight)}: {change.Reason}");
        }
        Console.WriteLine("  on those labels, seeds alone:     " + EvalCommand.Summary(labels.Before));
        Console.WriteLine("  on those labels, with the labels: " + EvalCommand.Summary(labels.After));
    }

    private static (Option<bool> DryRun, Option<string?> Eval) DryRunOptions() => (
        new Option<bool>("--dry-run") { Description = "Change nothing; show the evaluation before and after, and how yesterday's hits would change." },
        new Option<string?>("--eval") { Description = "Labeled JSON Lines file the dry run evaluates (default: Relevance:EvalFile)." });

    private static async Task<int> PrintDryRunAsync(IServiceProvider services, IReadOnlyList<KeywordTerm> proposed, string? evalFile, CancellationToken ct)
    {
        var report = await services.GetRequiredService<KeywordDryRun>().RunAsync(proposed, evalFile, ct);
        Console.WriteLine("Dry run: nothing is changed.");
        if (report.Before is null || report.After is null)
        {
            Console.WriteLine("Evaluation: no labeled file (give --eval <file> or set Relevance:EvalFile).");
        }
        else
        {
            Console.WriteLine($"Evaluation on {report.EvalFile}:");
            Console.WriteLine("  now:      " + EvalCommand.Summary(report.Before));
            Console.WriteLine("  proposed: " + EvalCommand.Summary(report.After));
            Console.WriteLine(report.After.Mistakes.Count == 0 ? "No mistakes with the proposed keywords." : "Mistakes with the proposed keywords:");
            EvalCommand.PrintMistakes(report.After);
            Console.WriteLine();
        }

        if (report.LabelsBefore is { } labelsNow && report.LabelsAfter is { } labelsProposed)
        {
            Console.WriteLine($"Evaluation on the {labelsNow.Count} labelled article(s) stored (`watcher eval --feedback` lists the mistakes):");
            Console.WriteLine("  now:      " + EvalCommand.Summary(labelsNow));
            Console.WriteLine("  proposed: " + EvalCommand.Summary(labelsProposed));
            Console.WriteLine();
        }

        var recent = report.Recent;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Items first seen since {report.Since.UtcDateTime:yyyy-MM-dd HH:mm}Z: {recent.Items}; hits now {recent.CurrentHits}, proposed {recent.ProposedHits} ({recent.Entering.Count} would enter, {recent.Leaving.Count} would leave)."));
        foreach (var (label, items, pick) in new[] { ("enter", recent.Entering, true), ("leave", recent.Leaving, false) })
        {
            foreach (var changed in items)
            {
                Console.WriteLine($"  would {label}: [{changed.Item.Id}] {changed.Item.Title}{(changed.Item.Link is { } link ? "  " + link : "")}");
                EvalCommand.PrintVerdict(pick ? changed.After : changed.Before, "      ");
            }
        }
        return CliRunner.Ok;
    }

    private static string Weight(double? weight) => weight?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";

    private static bool Confirm(string question)
    {
        if (Console.IsInputRedirected)
            throw new CliException("active keywords would be replaced; confirm with --yes");
        Console.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes" or "o" or "oui";
    }
}
