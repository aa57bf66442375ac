using System.Text.Json;

namespace Watcher.Relevance;

/// <summary>An item an editor has judged: relevant or not.</summary>
public sealed record LabeledItem(string Id, string Title, string? Text, bool Relevant);

/// <summary>Reads labeled JSON Lines: {"title", "text", "label": "relevant"|"irrelevant"} ("id" optional).</summary>
public static class LabeledSet
{
    public static IReadOnlyList<LabeledItem> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"labeled file not found: {path}", path);
        return Parse(File.ReadLines(path), path);
    }

    /// <param name="source">Named in error messages.</param>
    public static IReadOnlyList<LabeledItem> Parse(IEnumerable<string> lines, string source)
    {
        var items = new List<LabeledItem>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                items.Add(ParseLine(line, number));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                throw new FormatException($"{source} line {number}: {e.Message}", e);
            }
        }
        return items;
    }

    private static LabeledItem ParseLine(string line, int number)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException("not a JSON object");
        var label = String(root, "label") ?? throw new InvalidOperationException("no \"label\"");
        var relevant = label switch
        {
            "relevant" => true,
            "irrelevant" => false,
            _ => throw new InvalidOperationException($"label must be \"relevant\" or \"irrelevant\", not \"{label}\""),
        };
        var title = String(root, "title") ?? "";
        var text = String(root, "text");
        if (title.Length == 0 && string.IsNullOrEmpty(text))
            throw new InvalidOperationException("no \"title\" and no \"text\"");
        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? idElement.ToString()
            : "line " + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new LabeledItem(id, title, text, relevant);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
