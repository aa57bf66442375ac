using System.Globalization;
using System.Text.RegularExpressions;

namespace Watcher.Tests.Operations;

/// <summary>The Prometheus text format as /metrics serves it: one sample per line, name{labels} value.</summary>
internal sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var match = Sample().Match(line);
            if (!match.Success)
                throw new FormatException($"not a sample line: {line}");
            var labels = Label().Matches(match.Groups["labels"].Value)
                .ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value, StringComparer.Ordinal);
            _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    /// <summary>Values of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Values(string name, params (string Key, string Value)[] labels) =>
        [.. _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(s => s.Value)];

    /// <summary>The one sample named <paramref name="name"/> with <paramref name="labels"/>; null when there is none.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels) => Values(name, labels) switch
    {
        [] => null,
        [var one] => one,
        var many => throw new InvalidOperationException($"{many.Count} samples of {name} match"),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
