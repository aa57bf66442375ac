using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Relevance;

namespace Watcher.Cli;

/// <summary>watcher classify: one JSON verdict per JSON input line, with the active keywords.</summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input") { Description = "JSON Lines file of {\"id\",\"title\",\"text\"} (default: standard input)." };
        var explain = new Option<bool>("--explain") { Description = "Add the threshold, the decisive reason, the evidence per facet and each match (term, field, facet, contribution)." };
        return new Command("classify", "Classify items with the active keywords; prints {\"id\",\"relevant\",\"score\",\"matched\"} per line.") { input, explain }
            .WithServices(async (services, parse, ct) =>
            {
                var classifier = await services.GetRequiredService<KeywordStore>().LoadClassifierAsync(ct);
                using var reader = parse.GetValue(input) is { } path ? new StreamReader(path) : new StreamReader(Console.OpenStandardInput());
                var lineNumber = 0;
                var failures = 0;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    lineNumber++;
                    if (string.IsNullOrWhiteSpace(line))
                        continue;
                    JsonObject item;
                    try
                    {
                        item = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not a JSON object");
                    }
                    catch (JsonException e)
                    {
                        failures++;
                        await Console.Error.WriteLineAsync($"watcher: line {lineNumber} skipped: {e.Message}");
                        continue;
                    }
                    var verdict = classifier.Classify(Text(item, "title"), Text(item, "text"));
                    Console.WriteLine(Output(item["id"]?.DeepClone(), verdict, parse.GetValue(explain)).ToJsonString(Readable));
                }
                return failures == 0 ? CliRunner.Ok : CliRunner.Failure;
            });
    }

    /// <summary>Accented titles and the reason's "≥" stay readable; the output goes to a terminal or a file, never into HTML.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Text(JsonObject item, string name) =>
        item[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Output(JsonNode? id, Verdict verdict, bool explain)
    {
        var output = new JsonObject
        {
            ["id"] = id,
            ["relevant"] = verdict.Relevant,
            ["score"] = Math.Round(verdict.Score, 3),
            ["matched"] = new JsonArray([.. verdict.Matches.Select(m => m.Term).Distinct(StringComparer.Ordinal).Select(t => (JsonNode?)t)]),
        };
        if (!explain)
            return output;
        output["threshold"] = verdict.Threshold;
        output["reason"] = verdict.Reason;
        output["language"] = verdict.Language;
        if (verdict.Subject is { } subject)
        {
            output["subject"] = new JsonObject
            {
                ["decision"] = subject.Decision, ["rival"] = subject.Rival, ["rival_score"] = subject.RivalScore, ["listed"] = subject.Listed,
            };
        }

        // Per-facet sums of what counted: a miss is decided by a side without evidence, the total below the
        // threshold, or a side only in passing.
        output["facets"] = new JsonObject([.. Facets.All.Select(f => KeyValuePair.Create(f,
            (JsonNode?)Math.Round(verdict.Matches.Where(m => m.Facet == f && m.Counted).Sum(m => m.Contribution), 3)))]);
        output["matches"] = new JsonArray([.. verdict.Matches.Select(m => (JsonNode?)new JsonObject
        {
            ["term"] = m.Term, ["form"] = m.Form, ["field"] = m.Field, ["facet"] = m.Facet, ["contribution"] = Math.Round(m.Contribution, 3),
            ["counted"] = m.Counted,
        })]);
        return output;
    }
}
