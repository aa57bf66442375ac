namespace Watcher.Feeds.Parsing;

/// <summary>Month names in the languages the desk's feeds are written in, full or abbreviated.</summary>
internal static class MonthNames
{
    // Index 0 is January. Accented and unaccented spellings both appear in the wild.
    private static readonly string[][] Names =
    [
        ["january", "janvier", "januar", "jänner", "jaenner", "enero", "gennaio", "janeiro", "styczeń", "janv"],
        ["february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "févr", "fev", "fév"],
        ["march", "mars", "märz", "maerz", "marz", "marzo", "março", "marco", "mär"],
        ["april", "avril", "abril", "aprile", "avr"],
        ["may", "mai", "mayo", "maggio", "maio", "mag"],
        ["june", "juin", "juni", "junio", "giugno", "junho", "giu"],
        ["july", "juillet", "juli", "julio", "luglio", "julho", "juil", "lug"],
        ["august", "août", "aout", "agosto", "aoû", "ago"],
        ["september", "septembre", "septiembre", "settembre", "setembro", "sept", "set"],
        ["october", "octobre", "oktober", "octubre", "ottobre", "outubro", "okt", "ott", "out"],
        ["november", "novembre", "noviembre", "novembro"],
        ["december", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "déc", "dez", "dic"],
    ];

    /// <summary>1–12, or 0 when the word is not (unambiguously) a month.</summary>
    public static int Find(string word)
    {
        var w = word.TrimEnd('.').ToLowerInvariant();
        if (w.Length < 3)
        {
            return 0;
        }
        int found = 0;
        for (int m = 0; m < Names.Length; m++)
        {
            foreach (var name in Names[m])
            {
                if (name == w)
                {
                    return m + 1;
                }
                if (name.StartsWith(w, StringComparison.Ordinal))
                {
                    if (found != 0 && found != m + 1)
                    {
                        return 0; // "jui": juin or juillet
                    }
                    found = m + 1;
                }
            }
        }
        return found;
    }
}
