using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Relevance;

/// <summary>A group of words for one thing in both languages (moscou / moscow), with the side it stands for.</summary>
public sealed record LexiconConcept(string Name, string Facet, IReadOnlyList<string> Forms);

/// <summary>
/// The data that tells the learner which learned words name Mali, which name Russia, and which words in
/// other languages mean the same. Facets come from here, never from code.
/// </summary>
public sealed class Lexicon
{
    private static readonly Lazy<Lexicon> LazyDefault = new(() => Load(DefaultPath));

    public Lexicon(
        IReadOnlyList<LexiconConcept> concepts,
        IEnumerable<string> ignored,
        IReadOnlyDictionary<string, double> facetWeights,
        double topicPrior)
    {
        foreach (var concept in concepts)
        {
            if (!Facets.All.Contains(concept.Facet))
            {
                throw new ArgumentException($"Lexicon concept '{concept.Name}' has unknown facet '{concept.Facet}'.", nameof(concepts));
            }
        }

        Concepts = concepts;
        Ignored = new HashSet<string>(ignored.Select(Key).Where(k => k.Length > 0), StringComparer.Ordinal);
        FacetWeights = facetWeights;
        TopicPrior = topicPrior;
    }

    public IReadOnlyList<LexiconConcept> Concepts { get; }

    /// <summary>Normalised keys of words that never become keywords (other actors, page furniture).</summary>
    public IReadOnlySet<string> Ignored { get; }

    /// <summary>Multiplies a keyword's weight by its facet: the sides count more than the subject words.</summary>
    public IReadOnlyDictionary<string, double> FacetWeights { get; }

    /// <summary>Without a background corpus, the share of weight a word outside every concept keeps.</summary>
    public double TopicPrior { get; }

    /// <summary>Where the build puts the shipped lexicon: Relevance/lexicon.json beside the executable.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Relevance", "lexicon.json");

    public static Lexicon Default => LazyDefault.Value;

    public double FacetWeight(string facet) => FacetWeights.TryGetValue(facet, out var w) ? w : 1.0;

    /// <summary>The normalised form of a word or phrase, as keywords are compared ("Forces armées" → "force armee").</summary>
    public static string Key(string text) => string.Join(' ', TextNormalizer.Tokenize(text));

    public static Lexicon Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Relevance lexicon not found: {path}", path);
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or ArgumentException)
        {
            // An admin's edit gone wrong: say which file, and what is wrong in it.
            throw new InvalidOperationException($"Relevance lexicon {path} is not valid: {e.Message}", e);
        }
    }

    public static Lexicon Parse(string json)
    {
        var file = JsonSerializer.Deserialize<LexiconFile>(json, JsonOptions)
            ?? throw new InvalidDataException("The relevance lexicon is empty.");
        var concepts = (file.Concepts ?? []).Select(c => new LexiconConcept(
            c.Name ?? throw new InvalidDataException("A lexicon concept has no name."),
            c.Facet ?? throw new InvalidDataException($"Lexicon concept '{c.Name}' has no facet."),
            c.Forms is { Count: > 0 } forms ? forms : throw new InvalidDataException($"Lexicon concept '{c.Name}' has no forms.")))
            .ToList();
        var weights = file.FacetWeights ?? new Dictionary<string, double>();
        return new Lexicon(concepts, file.Ignore ?? [], weights, file.TopicPrior ?? 0.5);
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed class LexiconFile
    {
        [JsonPropertyName("concepts")] public List<ConceptEntry>? Concepts { get; set; }
        [JsonPropertyName("ignore")] public List<string>? Ignore { get; set; }
        [JsonPropertyName("facetWeights")] public Dictionary<string, double>? FacetWeights { get; set; }
        [JsonPropertyName("topicPrior")] public double? TopicPrior { get; set; }
    }

    private sealed class ConceptEntry
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("facet")] public string? Facet { get; set; }
        [JsonPropertyName("forms")] public List<string>? Forms { get; set; }
    }
}
