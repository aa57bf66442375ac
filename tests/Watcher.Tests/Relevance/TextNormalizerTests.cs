using Xunit;
using Watcher.Relevance;

namespace Watcher.Tests.Relevance;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Goïta", "goita")]
    [InlineData("Sergueï LAVROV", "serguei lavrov")]
    [InlineData("Forces armées maliennes", "forces armees maliennes")]
    [InlineData("cœur", "coeur")]
    public void Fold_removes_case_and_accents(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.Fold(text));

    [Theory]
    [InlineData("l'armée", "armee")]
    [InlineData("l’armée", "armee")]
    [InlineData("d’engrais", "engrais")]
    [InlineData("qu’il", "")]
    [InlineData("jusqu'à Bamako", "bamako")]
    [InlineData("s’est entretenu", "entretenu")]
    [InlineData("c'est Moscou", "moscou")]
    [InlineData("Mali's army", "mali army")]
    public void Elided_articles_and_possessives_are_dropped(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', TextNormalizer.Tokenize(text)));

    [Theory]
    [InlineData("russo-malienne", "russo malien")]
    [InlineData("Mali-Russie", "mali russie")]
    [InlineData("Saint-Pétersbourg", "saint petersbourg")]
    public void Hyphenated_forms_are_split(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', TextNormalizer.Tokenize(text)));

    [Theory]
    [InlineData("malien")]
    [InlineData("maliens")]
    [InlineData("malienne")]
    [InlineData("maliennes")]
    [InlineData("Maliennes")]
    public void French_gender_and_number_fold_to_one_stem(string word) =>
        Assert.Equal("malien", TextNormalizer.Stem(word));

    [Theory]
    [InlineData("russe", "russes")]
    [InlineData("ally", "allies")]
    [InlineData("mercenary", "mercenaries")]
    [InlineData("russian", "Russians")]
    public void Plurals_fold_to_the_singular(string singular, string plural) =>
        Assert.Equal(TextNormalizer.Stem(singular), TextNormalizer.Stem(plural));

    [Theory]
    [InlineData("mali")]
    [InlineData("paris")]
    [InlineData("press")]
    [InlineData("corps")]
    public void Stemming_twice_changes_nothing(string word) =>
        Assert.Equal(TextNormalizer.Stem(word), TextNormalizer.Stem(TextNormalizer.Stem(word)));

    [Fact]
    public void Names_are_not_cut_by_the_stemmer()
    {
        Assert.Equal("mali", TextNormalizer.Stem("Mali"));
        Assert.Equal("paris", TextNormalizer.Stem("Paris"));
        Assert.NotEqual(TextNormalizer.Stem("Mali"), TextNormalizer.Stem("malien"));
    }

    [Fact]
    public void Stopwords_numbers_and_single_letters_are_left_out_in_both_languages()
    {
        var tokens = TextNormalizer.Tokenize("Le président et les ministres of the Kremlin ont dit, le 14 juin 2023, à Bamako");
        Assert.Equal(["president", "ministre", "kremlin", "bamako"], tokens);
        Assert.True(TextNormalizer.IsStopword("les"));
        Assert.True(TextNormalizer.IsStopword("the"));
        Assert.False(TextNormalizer.IsStopword("wagner"));
    }

    [Fact]
    public void Stopwords_are_kept_on_request()
    {
        var tokens = TextNormalizer.Tokenize("Le Mali et la Russie", keepStopwords: true);
        Assert.Equal(["le", "mali", "et", "la", "russie"], tokens);
    }

    [Fact]
    public void Empty_and_null_text_give_no_tokens()
    {
        Assert.Empty(TextNormalizer.Tokenize(null));
        Assert.Empty(TextNormalizer.Tokenize("  — … ! "));
    }
}
