using Watcher.Data;
using Watcher.Relevance;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>The step after the seeds: editors' labels re-weight learned terms and propose new ones.</summary>
public sealed class LabelLearnerTests
{
    /// <summary>A lexicon of its own, so these tests do not move when the shipped one is edited.</summary>
    private static readonly Lexicon Lexicon = Lexicon.Parse("""
        {
          "facetWeights": { "mali": 1.0, "russia": 1.0, "topic": 0.4, "unrelated": 0.5 },
          "topicPrior": 0.6,
          "ignore": ["france", "paris"],
          "concepts": [
            { "name": "mali", "facet": "mali", "forms": ["mali", "malien", "malian"] },
            { "name": "russia", "facet": "russia", "forms": ["russie", "russia", "russe", "moscou", "moscow"] },
            { "name": "russian state", "facet": "russia", "forms": ["kremlin", "lavrov", "sergueï lavrov"] },
            { "name": "cooperation", "facet": "topic", "forms": ["coopération", "cooperation"] },
            { "name": "sport", "facet": "unrelated", "forms": ["football", "transfert"] }
          ]
        }
        """);

    /// <summary>What the seeds would have given: both sides, a subject word, another subject.</summary>
    private static List<LearnedKeyword> Seeds(params LearnedKeyword[] more) =>
    [
        new("mali", 3, Facets.Mali), new("malien", 3, Facets.Mali), new("malian", 3, Facets.Mali),
        new("russie", 3, Facets.Russia), new("russia", 3, Facets.Russia), new("russe", 3, Facets.Russia),
        new("moscou", 3, Facets.Russia), new("moscow", 3, Facets.Russia),
        new("cooperation", 1.2, Facets.Topic),
        new("football", 1.5, Facets.Unrelated), new("transfert", 1.5, Facets.Unrelated),
        .. more,
    ];

    private static LabeledItem Relevant(string id, string title, string? text = null) => new(id, title, text, true);

    private static LabeledItem Irrelevant(string id, string title, string? text = null) => new(id, title, text, false);

    /// <summary>Three right hits, and two stories the keywords keep only because of "festival".</summary>
    private static readonly LabeledItem[] FestivalLabels =
    [
        Relevant("r1", "Le Mali et la Russie renforcent leur coopération", "Moscou et Bamako signent un accord militaire."),
        Relevant("r2", "Coopération militaire : la Russie livre des avions au Mali"),
        Relevant("r3", "Mali–Russie : une coopération qui s'intensifie"),
        Irrelevant("i1", "Festival : un groupe malien joue en Russie", "Le festival de Moscou accueille des musiciens."),
        Irrelevant("i2", "Mali et Russie à l'affiche du festival de cinéma"),
    ];

    [Fact]
    public void Without_labels_nothing_changes()
    {
        var seeds = Seeds(new LearnedKeyword("festival", 1.0, Facets.Topic));

        var adjustment = LabelLearner.Adjust(seeds, [], Lexicon);

        Assert.Equal(seeds, adjustment.Keywords);
        Assert.Empty(adjustment.Changes);
        Assert.Equal(0, adjustment.LabelCount);
    }

    [Fact]
    public void A_term_that_only_matches_irrelevant_labels_goes_down_and_the_sides_stay()
    {
        var seeds = Seeds(new LearnedKeyword("festival", 1.0, Facets.Topic));

        var adjustment = LabelLearner.Adjust(seeds, FestivalLabels, Lexicon);

        var change = Assert.Single(adjustment.Changes);
        Assert.Equal((LabelLearner.Down, "festival", 1.0), (change.Kind, Assert.Single(change.Terms), change.OldWeight!.Value));
        Assert.InRange(change.NewWeight, 0.5, 0.99); // bounded: at most halved
        Assert.Contains("kept 2 irrelevant label(s) and 0 relevant", change.Reason, StringComparison.Ordinal);
        Assert.Equal(change.NewWeight, adjustment.Keywords.Single(k => k.Term == "festival").Weight);
        // Mali and Russia are in the false positives too, but no more than in the right hits.
        Assert.All(adjustment.Keywords.Where(k => k.Facet is Facets.Mali or Facets.Russia), k => Assert.Equal(3, k.Weight));
        Assert.Equal(2, adjustment.Before.FalsePositives);
    }

    [Fact]
    public void Recurring_words_of_missed_relevant_labels_are_proposed_with_the_lexicons_facet_or_as_topic_words()
    {
        LabeledItem[] labels =
        [
            Relevant("m1", "Bamako accueille une délégation du Tatarstan", "Le Mali veut des échanges."),
            Relevant("m2", "Le Tatarstan et le Mali signent un mémorandum"),
            Relevant("m3", "Le Kremlin reçoit le ministre malien"),
            Relevant("m4", "Vu du Kremlin : le Mali, partenaire fiable"),
            Irrelevant("n1", "Le ministre malien visite Paris"),
            Irrelevant("n2", "Football : un transfert record"),
        ];

        var adjustment = LabelLearner.Adjust(Seeds(), labels, Lexicon);

        var tatarstan = Assert.Single(adjustment.Changes, c => c.Terms.Contains("tatarstan"));
        Assert.Equal((LabelLearner.Added, Facets.Topic), (tatarstan.Kind, tatarstan.Facet));
        Assert.Contains("from 2 missed relevant label(s), in no irrelevant one", tatarstan.Reason, StringComparison.Ordinal);
        Assert.Contains("--facet mali|russia", tatarstan.Reason, StringComparison.Ordinal);
        // A lexicon form brings its whole concept, with the lexicon's side.
        var kremlin = Assert.Single(adjustment.Changes, c => c.Terms.Contains("kremlin"));
        Assert.Equal(Facets.Russia, kremlin.Facet);
        Assert.Equal(["kremlin", "lavrov", "serguei lavrov"], kremlin.Terms);
        // "ministre" is in a missed label twice... and in an irrelevant one: not proposed.
        Assert.DoesNotContain(adjustment.Changes, c => c.Terms.Contains("ministre"));
        Assert.Contains(adjustment.Keywords, k => k is { Term: "lavrov", Facet: Facets.Russia });
        Assert.True(adjustment.After.FalseNegatives < adjustment.Before.FalseNegatives);
        Assert.Equal(0, adjustment.After.FalsePositives);
    }

    [Fact]
    public void Words_of_false_positives_never_in_a_relevant_label_or_seed_are_proposed_as_unrelated()
    {
        LabeledItem[] labels =
        [
            Relevant("r1", "Le Mali et la Russie renforcent leur coopération"),
            Irrelevant("i1", "Mali et Russie : la nuit du jazz et un concert", "Musiciens venus de Moscou."),
            Irrelevant("i2", "Russie, Mali : jazz et concert à Moscou"),
        ];

        var adjustment = LabelLearner.Adjust(Seeds(), labels, Lexicon, seedTexts: ["Un concert de soutien à Bamako pour la coopération."]);

        var jazz = Assert.Single(adjustment.Changes);
        Assert.Equal((LabelLearner.Added, Facets.Unrelated, "jazz"), (jazz.Kind, jazz.Facet, Assert.Single(jazz.Terms)));
        Assert.Contains("in 2 irrelevant label(s) the keywords kept", jazz.Reason, StringComparison.Ordinal);
        Assert.Equal(0, adjustment.After.FalsePositives); // "concert" is in a seed, so only "jazz" was needed
        Assert.Equal(1, adjustment.After.TruePositives);
    }

    [Fact]
    public void An_unrelated_term_that_keeps_out_relevant_labels_goes_down_and_the_sides_stay()
    {
        LabeledItem[] labels =
        [
            Relevant("r1", "Mali–Russie : transfert d'armes et coopération"),
            Relevant("r2", "Coopération : la Russie annonce le transfert de drones au Mali"),
            Irrelevant("i1", "Football : le Malien rejoint le CSKA Moscou"),
        ];

        var adjustment = LabelLearner.Adjust(Seeds(), labels, Lexicon);

        Assert.Equal(2, adjustment.Before.FalseNegatives);
        var sport = Assert.Single(adjustment.Changes, c => c.Facet == Facets.Unrelated);
        Assert.Equal(LabelLearner.Down, sport.Kind);
        Assert.Equal(["football", "transfert"], sport.Terms); // a concept's forms move together
        Assert.Equal(1.0, sport.NewWeight); // × (1 - 0.5 × 2/3): two of its three labels are relevant
        Assert.Contains("in 2 relevant label(s) (2 missed) and 1 irrelevant", sport.Reason, StringComparison.Ordinal);
        // The subject word of the missed items goes up; the sides, in every label, stay.
        Assert.Single(adjustment.Changes, c => c is { Kind: LabelLearner.Up, Facet: Facets.Topic });
        Assert.DoesNotContain(adjustment.Changes, c => c.Facet is Facets.Mali or Facets.Russia);
        Assert.Equal(2, adjustment.After.TruePositives);
        Assert.Equal(0, adjustment.After.FalsePositives); // the footballer is still kept out
    }

    [Fact]
    public void A_subject_word_of_mostly_relevant_missed_labels_goes_up_at_most_by_half()
    {
        LearnedKeyword[] seeds =
        [
            new("mali", 2, Facets.Mali), new("russie", 2, Facets.Russia), new("instructeur", 0.6, Facets.Topic),
        ];
        LabeledItem[] labels =
        [
            Relevant("r1", "Des instructeurs arrivent", "Venus de Russie pour le Mali."),
            Relevant("r2", "Nouveaux instructeurs attendus", "La Russie et le Mali confirment."),
            Relevant("r3", "Instructeurs : la Russie au Mali"),
            Irrelevant("i1", "Le Mali et la Russie, vus de Paris"),
        ];

        var adjustment = LabelLearner.Adjust(seeds, labels, Lexicon);

        var change = Assert.Single(adjustment.Changes);
        Assert.Equal((LabelLearner.Up, "instructeur"), (change.Kind, Assert.Single(change.Terms)));
        Assert.Equal(0.9, change.NewWeight); // × 1.5, the bound, since every label it matched is relevant
        Assert.Contains("in 3 relevant label(s) (2 missed) and 0 irrelevant (all labels: 0.75 relevant)", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Terms_an_admin_set_or_removed_are_never_changed_or_proposed()
    {
        var seeds = Seeds(new LearnedKeyword("festival", 1.0, Facets.Topic));
        Keyword[] admin =
        [
            new() { Term = "festival", Weight = 1.0, Facet = Facets.Topic, Origin = KeywordOrigins.Admin, Active = true },
            new() { Term = "tatarstan", Weight = 2.0, Facet = Facets.Russia, Origin = KeywordOrigins.Admin, Active = false },
            new() { Term = "mali", Weight = 3.0, Facet = Facets.Mali, Origin = KeywordOrigins.Learned, Active = true },
        ];
        LabeledItem[] labels =
        [
            .. FestivalLabels,
            Relevant("m1", "Bamako accueille une délégation du Tatarstan", "Le Mali veut des échanges."),
            Relevant("m2", "Le Tatarstan et le Mali signent un mémorandum"),
        ];

        var adjustment = LabelLearner.Adjust(seeds, labels, Lexicon, admin);

        Assert.DoesNotContain(adjustment.Changes, c => c.Terms.Contains("festival") || c.Terms.Contains("tatarstan"));
        Assert.Equal(1.0, adjustment.Keywords.Single(k => k.Term == "festival").Weight);
        Assert.DoesNotContain(adjustment.Keywords, k => k.Term == "tatarstan");
        // Without the admin rows, the same labels change both.
        var unguarded = LabelLearner.Adjust(seeds, labels, Lexicon);
        Assert.Contains(unguarded.Changes, c => c.Terms.Contains("festival"));
        Assert.Contains(unguarded.Changes, c => c.Terms.Contains("tatarstan"));
    }
}
