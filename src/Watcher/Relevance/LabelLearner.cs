using System.Globalization;
using Watcher.Data;

namespace Watcher.Relevance;

/// <summary>One change editors' labels made to the keywords learned from the seeds, and why.</summary>
/// <param name="Kind"><see cref="LabelLearner.Up"/>, <see cref="LabelLearner.Down"/> or <see cref="LabelLearner.Added"/>.</param>
/// <param name="Terms">Every form the change applies to (a lexicon concept moves all its forms together).</param>
/// <param name="OldWeight">Null for an added term.</param>
public sealed record LabelChange(string Kind, IReadOnlyList<string> Terms, string Facet, double? OldWeight, double NewWeight, string Reason);

/// <param name="Keywords">The learned keywords after the labels' changes (the seeds' own when nothing changed).</param>
/// <param name="Before">The seeds' keywords (with the admin's) on the labels.</param>
/// <param name="After">The adjusted keywords (with the admin's) on the same labels.</param>
public sealed record LabelAdjustment(IReadOnlyList<LearnedKeyword> Keywords, IReadOnlyList<LabelChange> Changes, EvalReport Before, EvalReport After)
{
    public int LabelCount => Before.Count;
}

/// <param name="MinLabels">Labels a change needs: one article teaches nothing.</param>
/// <param name="MaxProposals">New terms proposed per kind (from missed relevant labels; from false positives), the most frequent first.</param>
/// <param name="LeadTokens">Words of a label's text read for new terms: the summary's lead, where the classifier counts a match in full.</param>
/// <param name="ProposalShare">A new term weighs what a seed term found in this share of the seeds would.</param>
public sealed record LabelLearnerSettings(int MinLabels = 2, int MaxProposals = 10, int LeadTokens = 40, double ProposalShare = 0.5)
{
    public static LabelLearnerSettings Default { get; } = new();
}

/// <summary>
/// Adjusts the keywords learned from the seeds with editors' labels, as a separate step after
/// <see cref="SeedLearner"/>: re-weights terms whose labelled matches say they mislead or help (see
/// <see cref="Reweigh"/>), and proposes
/// new terms that recur in relevant items the keywords miss, or in irrelevant items they keep. Every change
/// is bounded (× 0.5 to × 1.5, at most <see cref="LabelLearnerSettings.MaxProposals"/> new terms of each
/// kind) and carries its reason. Starting again from the seeds each time, changes never compound. Terms
/// an admin set or removed are never changed or brought back; facets it does not know are left alone.
/// </summary>
public static class LabelLearner
{
    public const string Up = "up";
    public const string Down = "down";
    public const string Added = "added";

    private const double MostlyShare = 2.0 / 3.0;

    /// <param name="learned">What <see cref="SeedLearner"/> learned.</param>
    /// <param name="labels">Editors' labels, one per article.</param>
    /// <param name="adminRows">Keyword rows; those of origin admin (active or switched off) are the admin's and stay as they are.</param>
    /// <param name="seedTexts">The seed articles: relevant by definition, so none of their words becomes an unrelated term.</param>
    public static LabelAdjustment Adjust(
        IReadOnlyList<LearnedKeyword> learned,
        IReadOnlyList<LabeledItem> labels,
        Lexicon lexicon,
        IEnumerable<Keyword>? adminRows = null,
        IEnumerable<string>? seedTexts = null,
        LabelLearnerSettings? settings = null,
        LearnerSettings? learnerSettings = null)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(lexicon);
        settings ??= LabelLearnerSettings.Default;
        learnerSettings ??= LearnerSettings.Default;
        var admin = (adminRows ?? []).Where(r => r.Origin == KeywordOrigins.Admin).ToList();
        var before = new RelevanceClassifier(KeywordSets.WithLearned(admin, learned));
        if (labels.Count == 0)
        {
            var empty = Evaluation.Run(before, labels);
            return new LabelAdjustment(learned, [], empty, empty);
        }

        var adminTerms = admin.Select(r => r.Term).ToHashSet(StringComparer.Ordinal);
        var free = learned.Where(k => !adminTerms.Contains(KeywordStore.NormalizeTerm(k.Term))).ToList();
        var groups = GroupTerms(free, lexicon);
        var groupOf = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var term in group.Terms)
                groupOf[term] = group;
        }

        // One pass of the seeds' keywords over the labels: who was kept, who was missed, which groups matched.
        var judged = new List<Judged>(labels.Count);
        var matched = new HashSet<Group>();
        foreach (var label in labels)
        {
            var verdict = before.Classify(label.Title, label.Text);
            matched.Clear();
            foreach (var match in verdict.Matches)
            {
                if (groupOf.TryGetValue(match.Term, out var group))
                    matched.Add(group);
            }
            foreach (var group in matched)
                group.Count(label.Relevant, verdict.Relevant);
            judged.Add(new Judged(label, verdict));
        }

        var changes = new List<LabelChange>();
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var totals = Totals.Of(judged);
        foreach (var group in groups)
        {
            if (Reweigh(group, totals, settings) is not { } change)
                continue;
            var (kind, factor, reason) = change;
            var weight = Math.Round(group.Weight * factor, 2);
            if (weight <= 0 || Math.Abs(weight - group.Weight) < 0.005)
                continue;
            foreach (var term in group.Terms)
                weights[term] = weight;
            changes.Add(new LabelChange(kind, group.Terms, group.Facet, group.Weight, weight, reason));
        }

        var known = new HashSet<string>(
            KeywordSets.WithLearned(admin, learned).Select(t => Lexicon.Key(t.Term)).Concat(admin.Select(r => Lexicon.Key(r.Term))),
            StringComparer.Ordinal);
        var proposals = Propose(judged, known, lexicon, seedTexts ?? [], settings, learnerSettings);
        changes.AddRange(proposals);

        var adjusted = learned
            .Select(k => weights.TryGetValue(k.Term, out var w) ? k with { Weight = w } : k)
            .Concat(proposals.SelectMany(p => p.Terms.Select(t => new LearnedKeyword(t, p.NewWeight, p.Facet))))
            .OrderByDescending(k => k.Weight).ThenBy(k => k.Term, StringComparer.Ordinal)
            .ToList();
        var after = new RelevanceClassifier(KeywordSets.WithLearned(admin, adjusted));
        return new LabelAdjustment(adjusted, changes, Evaluation.Of(judged.Select(j => (j.Label, j.Verdict))), Evaluation.Run(after, labels));
    }

    /// <summary>
    /// Side and topic terms go down when the items they helped keep are labelled irrelevant far more often
    /// than the other kept items (relative, so editors who mostly label mistakes do not sink the sides).
    /// Topic terms go up when the items they match are mostly relevant, more so than the labels overall,
    /// and some were missed. The sides never go up: a side term already says its side is named, and a
    /// heavier one would only let more items through; an item missed for want of a side needs a new side
    /// term, which the proposals give. Unrelated terms the other way round: down when they keep out
    /// relevant items, up when they failed to keep out irrelevant ones.
    /// </summary>
    private static (string Kind, double Factor, string Reason)? Reweigh(Group g, Totals totals, LabelLearnerSettings settings)
    {
        var relevant = g.TruePositives + g.FalseNegatives;
        var irrelevant = g.FalsePositives + g.TrueNegatives;
        var relevantShare = relevant / (double)Math.Max(1, relevant + irrelevant);
        var labelled = Invariant($"in {relevant} relevant label(s) ({g.FalseNegatives} missed) and {irrelevant} irrelevant");
        switch (g.Facet)
        {
            case Facets.Mali or Facets.Russia or Facets.Topic:
                var precision = g.TruePositives / (double)Math.Max(1, g.TruePositives + g.FalsePositives);
                if (g.FalsePositives >= settings.MinLabels && precision < totals.Precision / 2)
                {
                    return (Down, Math.Clamp(0.5 + 0.5 * precision / totals.Precision, 0.5, 0.75), Invariant(
                        $"kept {g.FalsePositives} irrelevant label(s) and {g.TruePositives} relevant (precision {precision:0.00}, all kept labels {totals.Precision:0.00})"));
                }
                if (g.Facet == Facets.Topic && g.FalseNegatives >= settings.MinLabels && relevantShare >= MostlyShare && relevantShare > totals.RelevantShare)
                    return (Up, 1 + 0.5 * relevantShare, Invariant($"{labelled} (all labels: {totals.RelevantShare:0.00} relevant)"));
                return null;
            case Facets.Unrelated:
                if (g.FalseNegatives >= settings.MinLabels && relevantShare >= MostlyShare)
                    return (Down, 1 - 0.5 * relevantShare, "another subject, yet mostly in relevant items: " + labelled);
                if (g.FalsePositives >= settings.MinLabels && relevant == 0)
                    return (Up, 1.5, Invariant($"did not keep out {g.FalsePositives} irrelevant label(s), in no relevant one"));
                return null;
            default:
                // A facet this step does not know (added to the classifier later): leave it as the seeds gave it.
                return null;
        }
    }

    /// <summary>
    /// New terms from the words of the labels' titles and leads: words of at least two missed relevant
    /// labels and of no irrelevant one (a lexicon form brings its concept with the lexicon's facet; another
    /// word is a topic word), and words of at least two false positives and of no relevant label or seed
    /// (an unrelated word).
    /// </summary>
    private static List<LabelChange> Propose(List<Judged> judged, HashSet<string> known, Lexicon lexicon, IEnumerable<string> seedTexts,
        LabelLearnerSettings settings, LearnerSettings learnerSettings)
    {
        var missed = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        var inIrrelevant = new HashSet<string>(StringComparer.Ordinal);
        var inRelevant = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in seedTexts)
            inRelevant.UnionWith(TextNormalizer.Tokenize(seed));
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var j in judged)
        {
            var label = j.Label;
            Words(label, settings.LeadTokens, words);
            (label.Relevant ? inRelevant : inIrrelevant).UnionWith(words);
            var counts = label.Relevant && !j.Kept ? missed : !label.Relevant && j.Kept ? kept : null;
            if (counts is null)
                continue;
            foreach (var word in words)
                counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var concepts = new Dictionary<string, LexiconConcept>(StringComparer.Ordinal);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var concept in lexicon.Concepts)
        {
            foreach (var form in concept.Forms)
            {
                var key = Lexicon.Key(form);
                forms.UnionWith(key.Split(' '));
                if (!key.Contains(' ', StringComparison.Ordinal))
                    concepts.TryAdd(key, concept);
            }
        }

        bool Usable(string word) => word.Length >= 3 && !known.Contains(word) && !lexicon.Ignored.Contains(word);
        IEnumerable<KeyValuePair<string, int>> Ranked(Dictionary<string, int> counts, HashSet<string> excluded) => counts
            .Where(c => c.Value >= settings.MinLabels && !excluded.Contains(c.Key) && Usable(c.Key))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal);

        var share = Math.Sqrt(settings.ProposalShare);
        var proposals = new List<LabelChange>();
        var fromMissed = 0;
        var proposedConcepts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (word, count) in Ranked(missed, inIrrelevant))
        {
            if (fromMissed == settings.MaxProposals)
                break;
            var source = Invariant($"from {count} missed relevant label(s), in no irrelevant one");
            if (!concepts.TryGetValue(word, out var concept))
            {
                var weight = Math.Round(learnerSettings.Scale * share * lexicon.TopicPrior * lexicon.FacetWeight(Facets.Topic), 2);
                proposals.Add(new LabelChange(Added, [word], Facets.Topic, null, weight,
                    $"{source}; not in the lexicon, so a topic word (if it names a side: watcher keywords add {word} --facet mali|russia)"));
                fromMissed++;
            }
            else if (concept.Facet is Facets.Mali or Facets.Russia or Facets.Topic && proposedConcepts.Add(concept.Name))
            {
                // As the seeds would have brought it: every form, in both languages, with the concept's facet.
                var terms = FormsOf(concept, known);
                var weight = Math.Round(learnerSettings.Scale * share * lexicon.FacetWeight(concept.Facet), 2);
                proposals.Add(new LabelChange(Added, terms, concept.Facet, null, weight, $"{source}; the lexicon's concept '{concept.Name}'"));
                fromMissed++;
            }
        }

        var unrelatedWeight = Math.Round(learnerSettings.Scale * lexicon.FacetWeight(Facets.Unrelated), 2);
        foreach (var (word, count) in Ranked(kept, inRelevant).Where(c => !forms.Contains(c.Key)).Take(settings.MaxProposals))
        {
            proposals.Add(new LabelChange(Added, [word], Facets.Unrelated, null, unrelatedWeight,
                Invariant($"in {count} irrelevant label(s) the keywords kept, in no relevant label or seed: another subject")));
        }
        return proposals;
    }

    /// <summary>A concept's forms as the seed learner writes them (folded, one space between words), one per key, none already a keyword.</summary>
    private static List<string> FormsOf(LexiconConcept concept, HashSet<string> known)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (var form in concept.Forms)
        {
            var key = Lexicon.Key(form);
            if (key.Length > 0 && !known.Contains(key) && keys.Add(key))
                terms.Add(string.Join(' ', TextNormalizer.Fold(form).Split((char[])[' ', '-', '\'', '’'], StringSplitOptions.RemoveEmptyEntries)));
        }
        return terms;
    }

    /// <summary>The distinct words of the title and of the text's lead, into <paramref name="words"/> (cleared first).</summary>
    private static void Words(LabeledItem label, int leadTokens, HashSet<string> words)
    {
        words.Clear();
        words.UnionWith(TextNormalizer.Tokenize(label.Title));
        words.UnionWith(TextNormalizer.Tokenize(label.Text).Take(leadTokens));
    }

    /// <summary>A lexicon concept's forms move together; any other term alone.</summary>
    private static List<Group> GroupTerms(IReadOnlyList<LearnedKeyword> keywords, Lexicon lexicon)
    {
        var conceptOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var concept in lexicon.Concepts)
        {
            foreach (var form in concept.Forms)
                conceptOf.TryAdd(Lexicon.Key(form), concept.Name);
        }
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var ordered = new List<Group>();
        foreach (var keyword in keywords)
        {
            var id = conceptOf.TryGetValue(Lexicon.Key(keyword.Term), out var name) ? "concept:" + name + ":" + keyword.Facet : "term:" + keyword.Term;
            if (!groups.TryGetValue(id, out var group))
            {
                groups[id] = group = new Group(keyword.Facet, keyword.Weight);
                ordered.Add(group);
            }
            group.Terms.Add(keyword.Term);
            group.Weight = Math.Max(group.Weight, keyword.Weight);
        }
        return ordered;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Judged(LabeledItem Label, Verdict Verdict)
    {
        public bool Kept => Verdict.Relevant;
    }

    /// <param name="Precision">Share of the kept labels that are relevant (0 when none was kept).</param>
    /// <param name="RelevantShare">Share of all labels that are relevant.</param>
    private sealed record Totals(double Precision, double RelevantShare)
    {
        public static Totals Of(List<Judged> judged)
        {
            var kept = judged.Count(j => j.Kept);
            var keptRelevant = judged.Count(j => j.Kept && j.Label.Relevant);
            return new Totals(kept == 0 ? 0 : keptRelevant / (double)kept, judged.Count(j => j.Label.Relevant) / (double)judged.Count);
        }
    }

    private sealed class Group(string facet, double weight)
    {
        public string Facet { get; } = facet;
        public double Weight { get; set; } = weight;
        public List<string> Terms { get; } = [];
        public int TruePositives { get; private set; }
        public int FalsePositives { get; private set; }
        public int FalseNegatives { get; private set; }
        public int TrueNegatives { get; private set; }

        public void Count(bool relevant, bool kept)
        {
            switch (relevant, kept)
            {
                case (true, true): TruePositives++; break;
                case (false, true): FalsePositives++; break;
                case (true, false): FalseNegatives++; break;
                default: TrueNegatives++; break;
            }
        }
    }
}
