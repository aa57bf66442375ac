namespace Watcher.Relevance;

/// <summary>
/// Reads the seed articles and strips what a web page adds around an article: a date marker line,
/// bylines and reading-time notes, and the trailing "read also" / "recommended for you" lists, which
/// are about other subjects and must not be learned from.
/// </summary>
public static class SeedCorpus
{
    /// <summary>Lines that open a list of other articles: everything from there on is dropped.</summary>
    private static readonly string[] SectionMarkers =
    [
        "recommande pour vous", "les articles de l auteur", "sur le meme sujet", "dans la meme rubrique",
        "a lire aussi", "lire aussi", "voir aussi", "les plus lus", "articles similaires", "vous aimerez aussi",
        "a decouvrir aussi", "related", "related articles", "related stories", "more on this story",
        "you may also like", "read more", "more stories", "recommended for you",
        "l espace des contributions est reserve aux abonnes",
    ];

    /// <summary>A line starting like this announces one other article ("Lire aussi : ...").</summary>
    private static readonly string[] TeaserPrefixes =
    [
        "lire aussi", "a lire aussi", "voir aussi", "a lire", "read also", "see also", "read more", "related",
    ];

    /// <summary>Page furniture lines with no article text: reading time, embeds, bylines, datelines.</summary>
    private static readonly string[] FurniturePrefixes =
    [
        "temps de lecture", "tweet url", "publie le", "publie lundi", "publie mardi", "publie mercredi",
        "publie jeudi", "publie vendredi", "publie samedi", "publie dimanche", "mis a jour", "published",
        "updated", "par ", "by ", "pub", "publicite", "advertisement", "s abonner", "abonnez vous",
    ];

    private const int MaxFurnitureWords = 8;

    /// <summary>Reads every *.txt file of the folder (UTF-8), in file name order.</summary>
    public static IReadOnlyList<SeedDocument> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Seed folder not found: {directory}");
        }

        var files = Directory.GetFiles(directory, "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No seed articles (*.txt) in {directory}");
        }

        return [.. files.Select(f => Parse(Path.GetFileName(f), File.ReadAllText(f, System.Text.Encoding.UTF8)))];
    }

    public static SeedDocument Parse(string name, string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var lines = raw.ReplaceLineEndings("\n").Split('\n');
        var month = TakeDateMarker(ref lines[0]);

        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var key = LineKey(lines[i]);
            if (Array.IndexOf(SectionMarkers, key) >= 0)
            {
                break;
            }

            if (IsTeaser(key))
            {
                // A run of teasers is the end-of-page list; a single one is an aside inside the article.
                if (lines.Skip(i + 1).Any(l => IsTeaser(LineKey(l))))
                {
                    break;
                }

                continue;
            }

            if (!IsFurniture(key, lines[i]))
            {
                kept.Add(lines[i].Trim());
            }
        }

        var titleIndex = kept.FindIndex(l => l.Length > 0);
        if (titleIndex < 0)
        {
            return new SeedDocument(name, month, "", "");
        }

        var body = string.Join("\n", kept.Skip(titleIndex + 1)).Trim();
        return new SeedDocument(name, month, kept[titleIndex], body);
    }

    /// <summary>Removes a leading " date YYYY-MM" marker; the title may follow on the same line.</summary>
    private static string? TakeDateMarker(ref string firstLine)
    {
        var trimmed = firstLine.TrimStart();
        const string marker = "date ";
        if (!trimmed.StartsWith(marker, StringComparison.OrdinalIgnoreCase) || trimmed.Length < marker.Length + 7)
        {
            return null;
        }

        var month = trimmed.Substring(marker.Length, 7);
        var isMonth = char.IsAsciiDigit(month[0]) && char.IsAsciiDigit(month[1]) && char.IsAsciiDigit(month[2])
            && char.IsAsciiDigit(month[3]) && month[4] == '-' && char.IsAsciiDigit(month[5]) && char.IsAsciiDigit(month[6]);
        if (!isMonth)
        {
            return null;
        }

        firstLine = trimmed[(marker.Length + 7)..].Trim();
        return month;
    }

    private static bool IsTeaser(string key) =>
        Array.Exists(TeaserPrefixes, p => key.StartsWith(p + " ", StringComparison.Ordinal) && key.Length > p.Length + 1);

    private static bool IsFurniture(string key, string line)
    {
        if (key.Length == 0 || line.Contains('©', StringComparison.Ordinal))
        {
            return key.Length > 0;
        }

        var words = key.Split(' ');
        if (words.Length > MaxFurnitureWords)
        {
            return false;
        }

        // "A A A A A" font-size controls and similar rows of single letters.
        if (Array.TrueForAll(words, w => w.Length == 1))
        {
            return true;
        }

        return Array.Exists(FurniturePrefixes, p => key == p.TrimEnd() || key.StartsWith(p.EndsWith(' ') ? p : p + " ", StringComparison.Ordinal));
    }

    /// <summary>A line folded to bare lower-case words, for comparing with the marker lists.</summary>
    private static string LineKey(string line)
    {
        var words = TextNormalizer.Fold(line)
            .Split((char[])[' ', '\t', '\'', '’', ':', '-', '.', '!', '\u00A0'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words);
    }
}
