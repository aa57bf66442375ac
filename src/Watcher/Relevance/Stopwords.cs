namespace Watcher.Relevance;

/// <summary>
/// French, English, Russian and Arabic function words plus calendar and reporting words ("mardi",
/// "said") that every news story has: none of them can tell a Mali–Russia story from another one.
/// Stored stemmed, because tokens are compared after stemming.
/// </summary>
internal static class Stopwords
{
    private const string French =
        "a à ai aie aient aies ait as au aucun aucune aujourd aupres auquel aura aurai auraient aurais aurait " +
        "auront autre autres aux auxquels avaient avais avait avant avec avez aviez avoir avons ayant " +
        "c ça car ce ceci cela celle celles celui cependant certain certaine certains ces cet cette ceux chaque " +
        "chez ci comme comment d dans de depuis des desquels deux dès donc dont du duquel elle elles en encore " +
        "entre es est et étaient étais était étant été être eu eux fait faire fais font hui il ils j je jusqu " +
        "l la laquelle le lequel les lesquels leur leurs lorsqu lors lui m ma mais me même mêmes mes moi moins " +
        "mon n ne ni non nos notre nous on ont ou où par parce pas peu peut plus plusieurs pour pourquoi puis " +
        "puisqu qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses si sien soi soit son " +
        "sont sous suis sur t ta te tes toi ton tous tout toute toutes très trop tu un une vers via vos votre " +
        "vous y ainsi alors aussi également déjà désormais surtout notamment environ afin tandis dont contre " +
        "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août " +
        "septembre octobre novembre décembre hier demain jour jours semaine mois an ans année années " +
        "dit déclaré indiqué affirmé selon précisé annoncé souligné rappelé estimé ajouté fois ici là cas " +
        "premier première dernier dernière nouveau nouvelle nouveaux nouvelles grand grande bien tant chez";

    private const string English =
        "a about above after again against all am an and any are as at be because been before being below " +
        "between both but by can could did do does doing down during each few for from further had has have " +
        "having he her here hers herself him himself his how i if in into is it its itself just me more most " +
        "my myself no nor not now of off on once only or other our ours ourselves out over own same she " +
        "should so some such than that the their theirs them themselves then there these they this those " +
        "through to too under until up very was we were what when where which while who whom why will with " +
        "would you your yours yourself yourselves also amid among since per via yet still ever however " +
        "s t d ll m re ve don doesn didn isn wasn aren weren won hasn haven hadn can't " +
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july " +
        "august september october november december today yesterday tomorrow week weeks month months year " +
        "years day days said says say told according reported reports report new first last one two three " +
        "read full article more post appeared";

    private static readonly HashSet<string> Set = Build();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Set.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every listed stopword, stemmed.</summary>
    public static IReadOnlyCollection<string> All => Set;

    /// <summary>Single letters and pure numbers: not listed, but never a topic either.</summary>
    public static bool IsTrivial(ReadOnlySpan<char> stemmedToken) =>
        stemmedToken.Length < 2 || (char.IsAsciiDigit(stemmedToken[0]) && !stemmedToken.ContainsAnyExceptInRange('0', '9'));

    /// <summary>Also true for single letters and pure numbers, which never carry a topic.</summary>
    public static bool Contains(ReadOnlySpan<char> stemmedToken)
    {
        return IsTrivial(stemmedToken) || Lookup.Contains(stemmedToken);
    }

    private static HashSet<string> Build()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[TextNormalizer.MaxTokenLength];
        foreach (var list in new[] { French, English })
        {
            var scanner = new TokenScanner(list);
            while (scanner.Next(buffer, out var length, out _))
            {
                set.Add(new string(buffer[..length]));
            }
        }

        // Russian and Arabic function words (Lucene's lists): their scripts are their own, so they cannot
        // hide a French or English word. Latin-script languages' lists only help guess the language.
        foreach (var word in Lucene.Net.Analysis.Ru.RussianAnalyzer.DefaultStopSet.Concat(Lucene.Net.Analysis.Ar.ArabicAnalyzer.DefaultStopSet))
        {
            var scanner = new TokenScanner(word);
            while (scanner.Next(buffer, out var length, out _))
            {
                set.Add(new string(buffer[..length]));
            }
        }

        return set;
    }
}
