using System.Text.Json;
using System.Text.Json.Serialization;

namespace Watcher.Relevance;

/// <summary>A group of words for one thing in every language (moscou / moscow / москва), with the side it stands for.</summary>
/// <param name="Forms">Every form, all languages together, Latin transliterations of the Cyrillic ones included.</param>
/// <param name="Weight">Set: always keywords with this weight. Null: keywords only when learned from the seeds.</param>
public sealed record LexiconConcept(string Name, string Facet, IReadOnlyList<string> Forms, double? Weight = null);

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
            c.AllForms() is { Count: > 0 } forms ? forms : throw new InvalidDataException($"Lexicon concept '{c.Name}' has no forms."),
            c.Weight is null or > 0 ? c.Weight : throw new InvalidDataException($"Lexicon concept '{c.Name}' has a weight that is not positive.")))
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
        [JsonPropertyName("weight")] public double? Weight { get; set; }

        /// <summary>French and English forms.</summary>
        [JsonPropertyName("forms")] public List<string>? Forms { get; set; }

        /// <summary>The other languages' forms, one list per language code ("ru": [...], "de": [...]).</summary>
        [JsonExtensionData] public Dictionary<string, JsonElement>? ByLanguage { get; set; }

        public List<string> AllForms()
        {
            var all = new List<string>(Forms ?? []);
            foreach (var (language, forms) in ByLanguage ?? [])
            {
                if (language.Length != 2 || forms.ValueKind != JsonValueKind.Array)
                    throw new InvalidDataException($"Lexicon concept '{Name}': '{language}' is neither a known property nor a two-letter language code with a list of forms.");
                foreach (var form in forms.EnumerateArray())
                {
                    var text = form.GetString() ?? throw new InvalidDataException($"Lexicon concept '{Name}': a '{language}' form is not text.");
                    all.Add(text);
                    // Russian names reach English and French text transliterated (Москва → Moskva, Гойта → Goyta);
                    // acronyms and short words do not (ЦАР would become the English "tsar", МИД "mid").
                    if (text.Any(Inflection.IsCyrillic) && AnyAscii.Transliteration.Transliterate(text) is var latin
                        && latin.Split(' ', '-').All(word => word.Count(char.IsAsciiLetter) >= 5))
                        all.Add(latin);
                }
            }
            return all;
        }
    }
}
