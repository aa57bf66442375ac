using Xunit;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

public sealed class SeedCorpusTests
{
    private static readonly IReadOnlyList<SeedDocument> Seeds = SeedCorpus.Load(RelevancePaths.SeedsDirectory);

    [Fact]
    public void Loads_every_seed_in_file_order()
    {
        Assert.Equal(5, Seeds.Count);
        Assert.Equal(Seeds.Select(s => s.Name).Order(StringComparer.Ordinal), Seeds.Select(s => s.Name));
        Assert.All(Seeds, s => Assert.False(string.IsNullOrWhiteSpace(s.Title)));
    }

    [Fact]
    public void The_date_marker_is_taken_off_the_first_line_and_the_title_kept()
    {
        var dated = Seeds.Where(s => s.Month is not null).ToList();
        Assert.Equal(2, dated.Count);
        Assert.All(dated, s =>
        {
            Assert.Matches(@"^\d{4}-\d{2}$", s.Month!);
            Assert.DoesNotContain("date ", s.Title, StringComparison.Ordinal);
            Assert.False(char.IsWhiteSpace(s.Title[0]));
        });
        Assert.StartsWith("Mali - Russie", dated[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Publisher_blurbs_at_the_end_are_cut()
    {
        foreach (var seed in Seeds)
        {
            Assert.DoesNotContain("Recommandé pour vous", seed.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Lire aussi", seed.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Les articles de l'auteur", seed.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Abonnez-vous", seed.Text, StringComparison.Ordinal);
        }

        var all = string.Join("\n", Seeds.Select(s => s.Text));
        Assert.DoesNotContain("Ghana", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Uemoa", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Osaka", all, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_read_also_line_inside_the_article_drops_only_that_line()
    {
        var raw = "Titre\n\nPremier paragraphe sur Bamako.\n   Lire aussi : Autre sujet\nSuite de l'article sur Moscou.\n\nRecommandé pour vous\n\nBlurb sans rapport";
        var doc = SeedCorpus.Parse("x.txt", raw);
        Assert.Equal("Titre", doc.Title);
        Assert.Contains("Suite de l'article sur Moscou.", doc.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Autre sujet", doc.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Blurb", doc.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_of_read_also_teasers_ends_the_article()
    {
        var raw = "Titre\nCorps de l'article.\n\nLire aussi : Un\n\nTexte du teaser un.\n\nLire aussi : Deux\n\nTexte du teaser deux.";
        var doc = SeedCorpus.Parse("x.txt", raw);
        Assert.Equal("Corps de l'article.", doc.Body);
    }

    [Fact]
    public void The_article_text_itself_is_kept()
    {
        var text = string.Join("\n", Seeds.Select(s => s.Text));
        Assert.Contains("Vers une coopération nucléaire civile", text, StringComparison.Ordinal);
        Assert.Contains("Cette politique d’aide a continué", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => SeedCorpus.Load(Path.Combine(Path.GetTempPath(), "no-such-seeds-" + Guid.NewGuid())));
}
