using Watcher.Relevance;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>
/// French and English items written for these tests from general knowledge of the subject (not taken
/// from the dev set): direct and indirect Mali–Russia stories, and the near misses the desk does not
/// want (Russia with another African country, Mali without Russia, Ukraine, wordplay, a footballer's
/// transfer to CSKA Moscow).
/// </summary>
public sealed class RealisticItemsTests
{
    private static readonly Lexicon Lexicon = Lexicon.Load(RelevancePaths.LexiconPath);
    private static readonly IReadOnlyList<SeedDocument> Seeds = SeedCorpus.Load(RelevancePaths.SeedsDirectory);
    private static readonly IReadOnlyList<LabeledItem> Items = LabeledSet.Load(RelevancePaths.TestData("fr-en-realistic.jsonl"));

    public static TheoryData<string> ItemIds()
    {
        var data = new TheoryData<string>();
        foreach (var item in Items)
            data.Add(item.Id);
        return data;
    }

    private static RelevanceClassifier Learned(IReadOnlyList<string>? background = null) =>
        new(SeedLearner.Learn(Seeds, Lexicon, background).Select(k => k.ToKeywordTerm()));

    private static readonly RelevanceClassifier Classifier = Learned();

    [Theory]
    [MemberData(nameof(ItemIds))]
    public void Each_item_is_judged_as_an_editor_would(string id)
    {
        var item = Items.Single(i => i.Id == id);
        var verdict = Classifier.Classify(item.Title, item.Text);
        Assert.True(verdict.Relevant == item.Relevant,
            $"{id} '{item.Title}': expected {(item.Relevant ? "hit" : "miss")}, got score {verdict.Score} ({verdict.Reason}); "
            + string.Join(", ", verdict.Matches.Select(m => $"{m.Term}/{m.Field}/{m.Facet}/{m.Contribution}")));
    }

    [Fact]
    public void The_set_covers_both_languages_and_both_labels()
    {
        foreach (var prefix in new[] { "fr-p", "fr-n", "en-p", "en-n" })
            Assert.True(Items.Count(i => i.Id.StartsWith(prefix, StringComparison.Ordinal)) >= 8, prefix);
    }

    [Fact]
    public void Contrasting_with_general_news_keeps_the_decisions()
    {
        // General news as Watcher would poll it: the set's own negatives (other subjects) many times over.
        var background = Enumerable.Range(0, 20).SelectMany(_ => Items.Where(i => !i.Relevant)).Select(i => i.Title + "\n" + i.Text).ToList();
        var report = Evaluation.Run(Learned(background), Items);
        Assert.True(report.F1 >= 0.95, string.Join("\n", report.Mistakes.Select(m => $"{m.Kind} {m.Item.Title}: {m.Verdict.Reason}")));
    }

    [Fact]
    public void A_transfer_to_CSKA_Moscow_names_both_sides_but_reads_as_sport()
    {
        var verdict = Classifier.Classify("Football : un défenseur malien rejoint le CSKA Moscou", "Il a signé avec le club russe.");
        Assert.False(verdict.Relevant);
        Assert.Contains(verdict.Matches, m => m.Facet == Facets.Unrelated);
        Assert.Contains("another subject", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Topic_words_outweigh_a_stray_word_of_another_subject()
    {
        var verdict = Classifier.Classify(
            "Le Mali et la Russie signent un accord de coopération militaire",
            "Le ministre malien de la Défense a aussi visité le club des officiers à Moscou.");
        Assert.True(verdict.Relevant, verdict.Reason);
    }

    [Theory]
    [InlineData("Coopération russo-malienne : Bamako accueille une délégation", "Moscou envoie des instructeurs militaires.")]
    [InlineData("Goita et Poutine évoquent la sécurité", "Les deux dirigeants renforcent leur partenariat.")]
    [InlineData("GOÏTA REÇU AU KREMLIN", "Le chef de la junte malienne et le président russe ont parlé coopération militaire.")]
    [InlineData("Les Maliennes et les Russes", "Partenariat militaire entre Bamako et Moscou, selon le ministre malien de la Défense.")]
    public void French_forms_fold_to_the_learned_terms(string title, string summary) =>
        Assert.True(Classifier.Classify(title, summary).Relevant);
}
