using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Labels;
using Watcher.Relevance;

namespace Watcher.Cli;

/// <summary>watcher eval: precision, recall and F1 of the active keywords on a labeled file, and every mistake explained.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("labeled.jsonl")
        {
            Description = "JSON Lines with \"title\", \"text\" and \"label\": relevant or irrelevant (\"id\" optional).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var feedback = new Option<bool>("--feedback") { Description = "Evaluate on the editors' stored labels (`watcher feedback add`); with a file too, on both together." };
        return new Command("eval", "Measure the active keywords on a labeled file or the stored labels: precision, recall, F1 and each misclassified item with its explanation.") { file, feedback }
            .WithServices(async (services, parse, ct) =>
            {
                var path = parse.GetValue(file);
                if (path is null && !parse.GetValue(feedback))
                    throw new CliException("give a labeled file, or --feedback for the stored labels");
                var items = path is null ? [] : LabeledSet.Load(path).ToList();
                if (parse.GetValue(feedback))
                {
                    var stored = await services.GetRequiredService<FeedbackStore>().LoadLabelsAsync(ct);
                    if (stored.Count == 0)
                        throw new CliException("no labels stored yet: `watcher feedback add <url-or-item-id> relevant|irrelevant` adds one");
                    items.AddRange(stored);
                }
                var classifier = await services.GetRequiredService<KeywordStore>().LoadClassifierAsync(ct);
                if (classifier.TermCount == 0)
                    throw new CliException("no active keywords: run `watcher keywords learn` first");
                var report = Evaluation.Run(classifier, items);
                Console.WriteLine(Summary(report));
                PrintMistakes(report);
                return CliRunner.Ok;
            });
    }

    internal static string Summary(EvalReport report) => string.Create(CultureInfo.InvariantCulture,
        $"precision {report.Precision:0.000}  recall {report.Recall:0.000}  F1 {report.F1:0.000}  ({report.Count} item(s): {report.TruePositives} hit(s) right, {report.FalsePositives} false positive(s), {report.FalseNegatives} missed, {report.TrueNegatives} rightly ignored)");

    internal static void PrintMistakes(EvalReport report)
    {
        foreach (var mistake in report.Mistakes)
        {
            Console.WriteLine();
            Console.WriteLine($"{mistake.Kind}: [{mistake.Item.Id}] {mistake.Item.Title}");
            PrintVerdict(mistake.Verdict, "    ");
        }
    }

    /// <summary>Score against threshold, the decisive reason, then each match with its field, facet and contribution.</summary>
    internal static void PrintVerdict(Verdict verdict, string indent)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{indent}[{verdict.Language}] score {verdict.Score:0.00} / threshold {verdict.Threshold:0.00}: {verdict.Reason}"));
        if (verdict.Matches.Count == 0)
        {
            Console.WriteLine($"{indent}no keyword matched");
            return;
        }
        // The form as written when it differs from the term (России for россия); uncounted matches in brackets.
        Console.WriteLine(indent + string.Join("; ", verdict.Matches.Select(m =>
            string.Create(CultureInfo.InvariantCulture, $"{(m.Counted ? "" : "[")}{m.Term}{(m.Form is { } form && !string.Equals(TextNormalizer.Fold(form), m.Term, StringComparison.Ordinal) ? $" «{form}»" : "")} ({m.Field}, {m.Facet}, +{m.Contribution:0.00}){(m.Counted ? "" : "]")}"))));
    }
}
