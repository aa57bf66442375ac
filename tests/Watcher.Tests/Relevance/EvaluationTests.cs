using Watcher.Data;
using Watcher.Relevance;
using Xunit;

namespace Watcher.Tests.Relevance;

public sealed class EvaluationTests
{
    private static readonly KeywordTerm[] Terms =
    [
        new("mali", 3, Facets.Mali), new("bamako", 2, Facets.Mali),
        new("russie", 3, Facets.Russia), new("moscou", 3, Facets.Russia),
        new("cooperation", 1, Facets.Topic),
    ];

    [Fact]
    public void Labeled_lines_are_read_with_optional_id_and_text()
    {
        var items = LabeledSet.Parse(
        [
            """{"id":"a","title":"Mali et Russie","text":"Coopération.","label":"relevant"}""",
            "",
            """{"title":"Bamako","label":"irrelevant"}""",
        ], "test");
        Assert.Equal(2, items.Count);
        Assert.Equal(new LabeledItem("a", "Mali et Russie", "Coopération.", true), items[0]);
        Assert.Equal("line 3", items[1].Id);
        Assert.False(items[1].Relevant);
        Assert.Null(items[1].Text);
    }

    [Theory]
    [InlineData("""{"title":"x","label":"maybe"}""", "label must be")]
    [InlineData("""{"title":"x"}""", "no \"label\"")]
    [InlineData("not json", "line 1")]
    [InlineData("""{"label":"relevant"}""", "no \"title\"")]
    public void A_bad_line_is_refused_with_its_number_and_the_problem(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => LabeledSet.Parse([line], "labels.jsonl"));
        Assert.Contains("labels.jsonl line 1", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Precision_recall_and_F1_count_each_outcome_and_list_the_mistakes()
    {
        var classifier = new RelevanceClassifier(Terms);
        var items = new[]
        {
            new LabeledItem("tp", "Le Mali et la Russie", "Coopération entre Bamako et Moscou.", true),
            new LabeledItem("fn", "Bamako", "Rien sur l'autre côté.", true),
            new LabeledItem("fp", "Mali, Russie", "Coopération à Moscou, mais sans intérêt.", false),
            new LabeledItem("tn", "Météo", "Il pleut.", false),
        };
        var report = Evaluation.Run(classifier, items);
        Assert.Equal((1, 1, 1, 1), (report.TruePositives, report.FalsePositives, report.FalseNegatives, report.TrueNegatives));
        Assert.Equal(0.5, report.Precision, 3);
        Assert.Equal(0.5, report.Recall, 3);
        Assert.Equal(0.5, report.F1, 3);
        Assert.Equal(["fn", "fp"], report.Mistakes.Select(m => m.Item.Id).Order(StringComparer.Ordinal));
        var missed = report.Mistakes.Single(m => m.Item.Id == "fn");
        Assert.Equal(Evaluation.FalseNegative, missed.Kind);
        Assert.Equal("no Russia-side term", missed.Verdict.Reason);
    }

    [Fact]
    public void A_re_learn_keeps_the_admins_rows_and_their_removals()
    {
        var rows = new[]
        {
            Row("mali", 3, Facets.Mali, KeywordOrigins.Learned),
            Row("tombouctou", 2, Facets.Mali, KeywordOrigins.Admin),
            Row("russie", 9, Facets.Russia, KeywordOrigins.Admin),
            Row("kremlin", 2, Facets.Russia, KeywordOrigins.Admin, active: false),
        };
        var learned = new[]
        {
            new LearnedKeyword("mali", 2.5, Facets.Mali), new LearnedKeyword("russie", 3, Facets.Russia),
            new LearnedKeyword("kremlin", 2, Facets.Russia), new LearnedKeyword("moscou", 3, Facets.Russia),
        };
        var proposed = KeywordSets.WithLearned(rows, learned).ToDictionary(t => t.Term, StringComparer.Ordinal);
        Assert.Equal(["mali", "moscou", "russie", "tombouctou"], proposed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(9, proposed["russie"].Weight);
        Assert.Equal(2.5, proposed["mali"].Weight);
    }

    [Fact]
    public void Add_and_remove_proposals_change_only_their_term()
    {
        var rows = new[] { Row("mali", 3, Facets.Mali, KeywordOrigins.Learned), Row("russie", 3, Facets.Russia, KeywordOrigins.Learned) };
        var added = KeywordSets.WithSet(rows, "  Mali ", 5, Facets.Mali);
        Assert.Equal(5, added.Single(t => t.Term == "mali").Weight);
        Assert.Equal(2, added.Count);
        Assert.Equal(["mali"], KeywordSets.WithRemoved(rows, "RUSSIE").Select(t => t.Term));
    }

    [Fact]
    public void Hit_changes_list_the_items_that_would_enter_and_leave()
    {
        var current = new RelevanceClassifier(Terms);
        var proposed = new RelevanceClassifier([.. Terms.Where(t => t.Term != "moscou"), new KeywordTerm("kremlin", 3, Facets.Russia)]);
        var now = DateTimeOffset.UtcNow;
        var items = new[]
        {
            new RecentItem(1, "Bamako et Moscou", "Coopération renforcée.", null, now),
            new RecentItem(2, "Bamako et le Kremlin", "Coopération renforcée.", "https://example.org/2", now),
            new RecentItem(3, "Le Mali et la Russie", "Coopération renforcée.", null, now),
        };
        var changes = HitChanges.Compare(current, proposed, items);
        Assert.Equal((3, 2, 2), (changes.Items, changes.CurrentHits, changes.ProposedHits));
        Assert.Equal(2, Assert.Single(changes.Entering).Item.Id);
        Assert.Equal(1, Assert.Single(changes.Leaving).Item.Id);
    }

    private static Keyword Row(string term, double weight, string facet, string origin, bool active = true) =>
        new() { Term = term, Weight = weight, Facet = facet, Origin = origin, Active = active };
}
