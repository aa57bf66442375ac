using System.Globalization;
using System.Text.Json;

/// <summary>
/// `relevance-eval [file.jsonl ...]`: keywords learned from the seeds, judged on labelled sets (default:
/// the dev set in ../shared and the multilingual set in tests/); precision, recall and F1 per file and
/// per language, then every mistake with its reason and matches.
/// </summary>
public static class RelevanceEval
{
    private sealed record Item(string Id, string Lang, string Title, string? Text, bool Relevant, string Kind);

    public static int Run(string[] args)
    {
        var files = args.Length > 0 ? args : [
            Path.Combine(RelevanceData.SharedDirectory(), "data", "relevance-dev.jsonl"),
            Path.Combine(RelevanceData.RepositoryDirectory(), "tests", "Watcher.Tests", "TestData", "Relevance", "multilingual.jsonl"),
        ];
        var classifier = RelevanceData.LearnedClassifier();
        foreach (var file in files)
        {
            var items = File.ReadLines(file).Where(l => l.Length > 0).Select(Parse).ToList();
            var mistakes = new List<string>();
            var byLang = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var verdict = classifier.Classify(item.Title, item.Text);
                var counts = byLang.TryGetValue(item.Lang, out var c) ? c : byLang[item.Lang] = new int[4];
                var all = byLang.TryGetValue("all", out var a) ? a : byLang["all"] = new int[4];
                var slot = (verdict.Relevant, item.Relevant) switch { (true, true) => 0, (true, false) => 1, (false, true) => 2, _ => 3 };
                counts[slot]++;
                all[slot]++;
                if (slot is 1 or 2)
                {
                    mistakes.Add(string.Create(CultureInfo.InvariantCulture, $"{(slot == 1 ? "FP" : "FN")} {item.Id} [{item.Kind}] {item.Title} | {verdict.Reason}\n      ")
                        + string.Join("; ", verdict.Matches.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Term} ({m.Field[0]}, {m.Facet}, +{m.Contribution:0.00})"))));
                }
            }
            Console.WriteLine($"== {Path.GetFileName(file)} ({items.Count} items)");
            foreach (var (lang, c) in byLang)
            {
                double tp = c[0], fp = c[1], fn = c[2];
                var p = tp + fp == 0 ? 1 : tp / (tp + fp);
                var r = tp + fn == 0 ? 1 : tp / (tp + fn);
                var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {lang,-4} n={c.Sum(),3}  P {p:0.000}  R {r:0.000}  F1 {f1:0.000}  (tp {c[0]}, fp {c[1]}, fn {c[2]}, tn {c[3]})"));
            }
            foreach (var mistake in mistakes)
                Console.WriteLine("  " + mistake);
        }
        return 0;
    }

    private static Item Parse(string line)
    {
        var root = JsonDocument.Parse(line).RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new Item(Get("id") ?? "?", Get("lang") ?? "?", Get("title") ?? "", Get("text"), Get("label") == "relevant", Get("kind") ?? "");
    }
}
