namespace Watcher.Relevance;

/// <summary>
/// Learns weighted keywords from the seed articles. A word, a name (two capitalised words that keep
/// appearing together) or a lexicon concept becomes a keyword only when it occurs in several seeds.
/// Its weight grows with the share of seeds that use it and with how rare it is in general news
/// (a background corpus when given, else the lexicon's prior). Facets and translations come from
/// the lexicon: a learned concept brings all its forms, in both languages, with the same weight.
/// </summary>
public static class SeedLearner
{
    public static IReadOnlyList<LearnedKeyword> Learn(IReadOnlyList<SeedDocument> seeds, IReadOnlyList<string>? background = null) =>
        Learn(seeds, Lexicon.Default, background);

    public static IReadOnlyList<LearnedKeyword> Learn(
        IReadOnlyList<SeedDocument> seeds,
        Lexicon lexicon,
        IReadOnlyList<string>? background = null,
        LearnerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(lexicon);
        settings ??= LearnerSettings.Default;
        if (seeds.Count == 0)
        {
            return [];
        }

        var docs = seeds.Select(s => SeedTokens.Read(s.Text)).ToArray();
        var starts = docs.Select(SeedTokens.Positions).ToArray();
        var forms = ConceptForms.Build(lexicon);
        var candidates = new List<Candidate>();
        candidates.AddRange(LearnConcepts(docs, starts, forms, lexicon, settings));
        candidates.AddRange(LearnWordsAndNames(docs, starts, forms, lexicon, settings));

        var prior = background is { Count: > 0 } ? new BackgroundPrior(background) : null;
        var result = new List<LearnedKeyword>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            // Square root: a term in two seeds of five is still good evidence, not a fifth as good as one in all.
            // Other subjects are not in the seeds by definition: the lexicon lists them and they always apply.
            var share = candidate.Facet == Facets.Unrelated ? 1.0 : Math.Sqrt((double)candidate.DocumentFrequency / docs.Length);
            // The sides are what a hit must name; how often general news names Russia says nothing about
            // whether a story names it. Contrast with the background is for the subject words only.
            var specificity = prior is not null && candidate.Facet == Facets.Topic
                ? prior.Specificity(candidate.Keys)
                : candidate.PriorSpecificity;
            var weight = candidate.FixedWeight ?? Math.Round(settings.Scale * share * specificity * lexicon.FacetWeight(candidate.Facet), 2);
            foreach (var (key, term) in candidate.Terms)
            {
                if (weight > 0 && seen.Add(key))
                {
                    result.Add(new LearnedKeyword(term, weight, candidate.Facet, candidate.Concept));
                }
            }
        }

        result.Sort((a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : string.CompareOrdinal(a.Term, b.Term));
        return result;
    }

    private static IEnumerable<Candidate> LearnConcepts(SeedToken[][] docs, Dictionary<string, List<int>>[] starts, ConceptForms forms, Lexicon lexicon, LearnerSettings settings)
    {
        for (var c = 0; c < lexicon.Concepts.Count; c++)
        {
            var phrases = forms.OfConcept(c);
            var df = Enumerable.Range(0, docs.Length).Count(d => phrases.Any(p => Occurrences(docs[d], starts[d], p.Stems).Any()));
            var concept = lexicon.Concepts[c];
            // Concepts with a weight of their own (groupings, places, other actors) apply whatever the seeds say.
            if (df < settings.MinDocumentFrequency && concept.Facet != Facets.Unrelated && concept.Weight is null)
            {
                continue;
            }

            yield return new Candidate(
                concept.Facet,
                df,
                1.0,
                [.. phrases.Select(p => (p.Key, p.Term))])
            {
                Concept = concept.Name,
                FixedWeight = concept.Weight,
            };
        }
    }

    /// <summary>Where a phrase starts in a seed: only the places its first word is at are tried.</summary>
    private static IEnumerable<int> Occurrences(SeedToken[] doc, Dictionary<string, List<int>> starts, string[] phrase) =>
        starts.TryGetValue(phrase[0], out var at) ? at.Where(i => SeedTokens.PhraseAt(doc, i, phrase)) : [];

    private static IEnumerable<Candidate> LearnWordsAndNames(SeedToken[][] docs, Dictionary<string, List<int>>[] starts, ConceptForms forms, Lexicon lexicon, LearnerSettings settings)
    {
        var words = new Dictionary<string, Stats>(StringComparer.Ordinal);
        var names = new Dictionary<string, Stats>(StringComparer.Ordinal);
        for (var d = 0; d < docs.Length; d++)
        {
            var doc = docs[d];
            for (var i = 0; i < doc.Length; i++)
            {
                Count(words, doc[i].Stem, doc[i].Surface, d);
                if (i > 0 && doc[i].Adjacent && doc[i].Capitalized && doc[i - 1].Capitalized)
                {
                    Count(names, doc[i - 1].Stem + " " + doc[i].Stem, doc[i - 1].Surface + " " + doc[i].Surface, d);
                }
            }
        }

        bool Usable(string key) => !forms.Contains(key) && !lexicon.Ignored.Contains(key) && key.Split(' ').All(k => !lexicon.Ignored.Contains(k));

        var learnedNames = names
            .Where(n => n.Value.Documents.Count >= settings.MinDocumentFrequency && Usable(n.Key))
            .ToList();

        // How often each word sits inside a learned name or a multi-word lexicon form.
        var inName = new Dictionary<string, int>(StringComparer.Ordinal);
        var nameKeys = learnedNames.Select(n => n.Key.Split(' ')).Concat(forms.MultiWord).ToList();
        for (var d = 0; d < docs.Length; d++)
        {
            foreach (var name in nameKeys)
            {
                foreach (var _ in Occurrences(docs[d], starts[d], name))
                {
                    foreach (var part in name)
                    {
                        inName[part] = inName.GetValueOrDefault(part) + 1;
                    }
                }
            }
        }

        foreach (var (key, stats) in learnedNames)
        {
            yield return new Candidate(Facets.Topic, stats.Documents.Count, 1.0, [(key, stats.BestSurface)]);
        }

        foreach (var (key, stats) in words)
        {
            if (stats.Documents.Count < settings.MinDocumentFrequency || !Usable(key)
                || inName.GetValueOrDefault(key) >= settings.NameShare * stats.Occurrences)
            {
                continue;
            }

            yield return new Candidate(Facets.Topic, stats.Documents.Count, lexicon.TopicPrior, [(key, stats.BestSurface)]);
        }
    }

    private static void Count(Dictionary<string, Stats> table, string key, string surface, int doc)
    {
        if (!table.TryGetValue(key, out var stats))
        {
            table[key] = stats = new Stats();
        }

        stats.Documents.Add(doc);
        stats.Occurrences++;
        stats.Surfaces[surface] = stats.Surfaces.GetValueOrDefault(surface) + 1;
    }

    private sealed class Stats
    {
        public HashSet<int> Documents { get; } = [];
        public int Occurrences { get; set; }
        public Dictionary<string, int> Surfaces { get; } = new(StringComparer.Ordinal);

        public string BestSurface => Surfaces
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key.Length).ThenBy(s => s.Key, StringComparer.Ordinal)
            .First().Key;
    }

    /// <param name="Terms">Normalised key and display term of every form the candidate brings.</param>
    private sealed record Candidate(string Facet, int DocumentFrequency, double PriorSpecificity, IReadOnlyList<(string Key, string Term)> Terms)
    {
        public string? Concept { get; init; }

        public double? FixedWeight { get; init; }

        public IEnumerable<string> Keys => Terms.Select(t => t.Key);
    }
}
