using Watcher.Relevance;
using Xunit;

namespace Watcher.Tests.Relevance;

/// <summary>
/// Keywords learned from the French seeds, with the shipped lexicon, reading the story in other
/// languages and framings. The items are written for these tests, each to exercise one mechanism:
/// inflection, transliteration, mixed scripts, the item's language, groupings, places, other actors.
/// </summary>
public sealed class MultilingualTests
{
    private static readonly RelevanceClassifier Classifier = new(
        SeedLearner.Learn(SeedCorpus.Load(RelevancePaths.SeedsDirectory), Lexicon.Load(RelevancePaths.LexiconPath)).Select(k => k.ToKeywordTerm()));

    private static Verdict Hit(string title, string? summary)
    {
        var verdict = Classifier.Classify(title, summary);
        Assert.True(verdict.Relevant, Describe(verdict));
        return verdict;
    }

    private static Verdict Miss(string title, string? summary)
    {
        var verdict = Classifier.Classify(title, summary);
        Assert.False(verdict.Relevant, Describe(verdict));
        return verdict;
    }

    private static string Describe(Verdict v) =>
        $"[{v.Language}] {v.Score} {v.Reason}: " + string.Join("; ", v.Matches.Select(m => $"{m.Term} «{m.Form}» {m.Field} {m.Facet} {m.Contribution} {(m.Counted ? "" : "(not counted)")}"));

    [Theory]
    [InlineData("Россия")]
    [InlineData("России")]
    [InlineData("Россией")]
    [InlineData("Россию")]
    public void Russian_case_endings_meet_on_one_stem(string russia)
    {
        var verdict = Hit($"Мали и {russia}: переговоры о поставках зерна", "Делегация из Бамако прибыла для переговоров.");
        Assert.Equal("ru", verdict.Language);
        Assert.Contains(verdict.Matches, m => m.Facet == Facets.Russia && m.Form == russia);
    }

    [Fact]
    public void Russian_names_and_adjectives_are_found_in_any_case()
    {
        var verdict = Hit("Путин провел телефонный разговор с Гоитой",
            "Президенты обсудили поставки российского топлива и удобрений малийским партнерам, сообщили в Кремле.");
        Assert.Contains(verdict.Matches, m => m.Form == "Путин" && m.Facet == Facets.Russia);
        Assert.Contains(verdict.Matches, m => m.Form == "Гоитой" && m.Facet == Facets.Mali);
        Assert.Contains(verdict.Matches, m => m.Form == "российского" && m.Facet == Facets.Russia);
        Assert.Contains(verdict.Matches, m => m.Form == "малийским" && m.Facet == Facets.Mali);
    }

    [Fact]
    public void Mali_in_russian_is_not_the_word_for_small()
    {
        // Мали is indeclinable; малой ("small") must not stem to it.
        var verdict = Miss("Росатом построит АЭС малой мощности в Узбекистане", "Россия и Узбекистан подписали соглашение.");
        Assert.DoesNotContain(verdict.Matches, m => m.Facet == Facets.Mali);
    }

    [Fact]
    public void Transliterated_russian_names_are_found_in_latin_text()
    {
        var verdict = Hit("Goyta meets officials in Moskva", "The Malian leader discussed grain deliveries from Rossiya.");
        Assert.Contains(verdict.Matches, m => m.Form == "Moskva");
        Assert.Contains(verdict.Matches, m => m.Form == "Goyta");
    }

    [Fact]
    public void Mixed_scripts_are_read_word_by_word()
    {
        var verdict = Hit("Africa Corps усиливает присутствие в Мали", "Российские инструкторы прибыли в Бамако.");
        Assert.Equal("ru", verdict.Language);
        Assert.Contains(verdict.Matches, m => m.Term == "africa corps");
    }

    [Fact]
    public void German_endings_are_stemmed_in_german_text_only()
    {
        var verdict = Hit("Russischen Söldnern droht Abzug aus Mali",
            "Die malische Junta prüft die Zusammenarbeit mit den Russen, berichten Diplomaten in Bamako.");
        Assert.Equal("de", verdict.Language);
        Assert.Contains(verdict.Matches, m => m.Form == "Russischen" && m.Facet == Facets.Russia);
    }

    [Fact]
    public void Spanish_and_portuguese_reports_are_read()
    {
        Assert.Equal("es", Hit("Instructores rusos llegan a Malí", "El gobierno de Bamako amplía su cooperación militar con Moscú.").Language);
        Assert.Equal("pt", Hit("Mercenários russos deixam o Mali", "O governo maliano anunciou a chegada do Corpo Africano da Rússia.").Language);
    }

    [Fact]
    public void Arabic_spelling_variants_and_vowel_marks_are_folded()
    {
        var verdict = Hit("روسيا ومالي توقعان اتفاقية تعاون عسكري", "وصل وزير الدفاع الروسيّ إلى باماكو لإجراء محادثات.");
        Assert.Equal("ar", verdict.Language);
        Assert.Contains(verdict.Matches, m => m.Term == "باماكو");
    }

    [Fact]
    public void The_arabic_word_for_financial_is_not_mali()
    {
        Miss("مجموعة فاغنر تعاني من ضغط مالي", "تواجه المجموعة الروسية صعوبات في تمويل عملياتها.");
    }

    [Fact]
    public void The_aes_stands_for_mali_more_weakly_than_mali_itself()
    {
        var aes = Hit("Lavrov receives the foreign ministers of the Alliance of Sahel States", "Russia promises military aid to the AES.");
        var mali = Classifier.Classify("Lavrov receives the foreign minister of Mali", "Russia promises military aid to Mali.");
        double Side(Verdict v) => v.Matches.Where(m => m.Facet == Facets.Mali && m.Counted).Sum(m => m.Contribution);
        Assert.True(Side(aes) < Side(mali), $"AES {Side(aes)} vs Mali {Side(mali)}");
    }

    [Fact]
    public void A_malian_town_and_a_russian_region_stand_for_the_two_sides()
    {
        Hit("Kidal: Africa Corps soldiers killed in an ambush", "Rebels attacked a convoy north of the town.");
        Hit("Malian leader arrives in Tatarstan", "Assimi Goïta is to meet the head of the republic in Kazan.");
    }

    [Fact]
    public void Mali_compared_in_passing_in_a_story_about_niger_is_not_a_hit()
    {
        var verdict = Miss("Russia and Niger sign a military agreement in Niamey",
            "Niger's junta, like Mali's, has turned to Moscow after expelling French troops.");
        Assert.Equal("mali-in-passing", verdict.Subject?.Decision);
        Assert.Equal("niger", verdict.Subject?.Rival);
    }

    [Fact]
    public void Russias_forces_in_africa_naming_mali_among_them_is_a_hit()
    {
        var verdict = Hit("Russia's Africa Corps expands its deployments",
            "Russian troops now serve in Mali, Burkina Faso, Niger and the Central African Republic.");
        Assert.Equal("subject", verdict.Subject?.Decision);
    }

    [Fact]
    public void Earlier_russian_deliveries_in_a_story_about_a_new_supplier_are_in_passing()
    {
        var verdict = Miss("Turkey delivers Bayraktar drones to Mali's army",
            "The Turkish drones join helicopters that Russia supplied earlier.");
        Assert.Equal("russia-in-passing", verdict.Subject?.Decision);
        Assert.Equal("turkey", verdict.Subject?.Rival);
    }

    [Fact]
    public void Russia_as_a_description_of_mali_is_not_russia_side_evidence()
    {
        var verdict = Miss("Typo sends US military emails to Russia's ally Mali",
            "Millions of Pentagon messages went to the .ml domain instead of .mil.");
        Assert.Contains(verdict.Matches, m => m.Term == "russia" && !m.Counted);
    }

    [Fact]
    public void A_moscow_dateline_is_not_russia_side_evidence()
    {
        var verdict = Miss("В Бамако перебои с топливом", "Москва. 8 октября. INTERFAX.RU - Столица Мали столкнулась с дефицитом бензина из-за атак боевиков.");
        Assert.DoesNotContain(verdict.Matches, m => m.Facet == Facets.Russia);
        Assert.Equal(0, RelevanceClassifier.DatelineLength("Russia and Mali sign an agreement."));
        Assert.Equal("MOSCOW".Length, RelevanceClassifier.DatelineLength("MOSCOW, Oct 8 (Reuters) - Russia and Mali"));
    }

    [Theory]
    [InlineData("Le Mali et la Russie signent un accord", "Bamako et Moscou renforcent leur coopération.", "fr")]
    [InlineData("Mali and Russia sign an agreement", "Bamako and Moscow deepen their cooperation.", "en")]
    [InlineData("Mali und Russland unterzeichnen ein Abkommen", "Bamako und Moskau vertiefen die Zusammenarbeit.", "de")]
    [InlineData("Malí y Rusia firman un acuerdo", "Bamako y Moscú profundizan su cooperación con el gobierno.", "es")]
    [InlineData("Il Mali e la Russia firmano un accordo", "Bamako e Mosca rafforzano la cooperazione con il governo.", "it")]
    public void The_language_assumed_is_named(string title, string summary, string language) =>
        Assert.Equal(language, Hit(title, summary).Language);

    [Fact]
    public void Polish_is_not_read_as_a_language_watcher_stems()
    {
        var verdict = Classifier.Classify("Nowe sankcje UE na grupę Wagnera", "Chodzi o ekspansję w Afryce, w tym w Mali, gdzie działają najemnicy.");
        Assert.NotEqual("pt", verdict.Language);
        Assert.NotEqual("es", verdict.Language);
    }
}
