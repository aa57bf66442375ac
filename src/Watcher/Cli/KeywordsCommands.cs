using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Relevance;

namespace Watcher.Cli;

/// <summary>watcher keywords list|add|remove|learn.</summary>
public static class KeywordsCommands
{
    public static Command Create()
    {
        var keywords = new Command("keywords", "See and tune the keywords that decide relevance.");
        keywords.Subcommands.Add(List());
        keywords.Subcommands.Add(Add());
        keywords.Subcommands.Add(Remove());
        keywords.Subcommands.Add(Learn());
        return keywords;
    }

    private static Command List() =>
        new Command("list", "List keywords: facet, weight, origin, term.").WithServices(async (services, _, ct) =>
        {
            var keywords = await services.GetRequiredService<KeywordStore>().ListAsync(ct);
            if (keywords.Count == 0)
                Console.WriteLine("No keywords yet: run `watcher keywords learn`.");
            foreach (var k in keywords)
                Console.WriteLine($"{k.Facet,-7} {k.Weight.ToString("0.00", CultureInfo.InvariantCulture),6}  {k.Origin,-7} {(k.Active ? "" : "(off) ")}{k.Term}");
            return CliRunner.Ok;
        });

    private static Command Add()
    {
        var term = new Argument<string>("term") { Description = "A word or a multi-word name." };
        var weight = new Option<double>("--weight") { Description = "How much a match counts.", DefaultValueFactory = _ => 1.0 };
        var facet = new Option<string>("--facet") { Description = "mali, russia or topic.", DefaultValueFactory = _ => Facets.Topic };
        facet.AcceptOnlyFromAmong([.. Facets.All]);
        return new Command("add", "Add or re-weight a keyword; it is then the admin's and survives a re-learn.") { term, weight, facet }
            .WithServices(async (services, parse, ct) =>
            {
                if (parse.GetValue(weight) is var w && (double.IsNaN(w) || w <= 0 || w > 100))
                    throw new CliException("--weight must be a number above 0 and at most 100");
                var keyword = await services.GetRequiredService<KeywordStore>().SetAsync(parse.GetValue(term)!, w, parse.GetValue(facet)!, ct);
                Console.WriteLine($"Keyword '{keyword.Term}' ({keyword.Facet}, weight {keyword.Weight.ToString(CultureInfo.InvariantCulture)}) is active.");
                return CliRunner.Ok;
            });
    }

    private static Command Remove()
    {
        var term = new Argument<string>("term");
        return new Command("remove", "Switch a keyword off; a re-learn does not bring it back.") { term }
            .WithServices(async (services, parse, ct) =>
            {
                if (!await services.GetRequiredService<KeywordStore>().RemoveAsync(parse.GetValue(term)!, ct))
                    throw new CliException($"no active keyword '{parse.GetValue(term)}'");
                Console.WriteLine($"Keyword '{parse.GetValue(term)}' switched off.");
                return CliRunner.Ok;
            });
    }

    private static Command Learn()
    {
        var seeds = new Option<string?>("--seeds") { Description = "Folder of seed articles (default: the seeds/ shipped with Watcher)." };
        var yes = new Option<bool>("--yes") { Description = "Replace the learned keywords without asking." };
        return new Command("learn", "Learn keywords from the seed articles; admin changes are kept.") { seeds, yes }
            .WithServices(async (services, parse, ct) =>
            {
                var outcome = services.GetRequiredService<KeywordLearning>().Learn(parse.GetValue(seeds));
                Console.WriteLine($"Learned {outcome.Keywords.Count} keyword(s) from {outcome.SeedCount} seed article(s) in {outcome.SeedsDirectory}:");
                foreach (var k in outcome.Keywords.OrderBy(k => k.Facet, StringComparer.Ordinal).ThenByDescending(k => k.Weight))
                    Console.WriteLine($"  {k.Facet,-7} {k.Weight.ToString("0.00", CultureInfo.InvariantCulture),6}  {k.Term}");

                var store = services.GetRequiredService<KeywordStore>();
                var changes = await store.ReplaceLearnedAsync(outcome.Keywords, apply: false, ct);
                Console.WriteLine($"Changes: {changes.Added.Count} new, {changes.Updated.Count} re-weighted, {changes.Dropped.Count} dropped; {changes.KeptByAdmin.Count} kept as the admin set them.");
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

    private static bool Confirm(string question)
    {
        if (Console.IsInputRedirected)
            throw new CliException("active keywords would be replaced; confirm with --yes");
        Console.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes" or "o" or "oui";
    }
}
