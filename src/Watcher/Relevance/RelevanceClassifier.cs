using System.Globalization;

namespace Watcher.Relevance;

/// <summary>
/// Decides whether an item (title + summary) is about relations between Mali and Russia. Each keyword
/// counts once, at its best place: in the title it weighs more, in the summary it fades after the lead.
/// An item is relevant only with evidence for both sides, a total score at the threshold, and neither
/// side named only in passing in a story about another actor.
/// Thread-safe; allocation-free until a keyword matches.
/// </summary>
public sealed class RelevanceClassifier
{
    private const int MaliSide = 0;
    private const int RussiaSide = 1;
    private const int TopicFacet = 2;
    private const int OtherFacet = 4;
    private const int AsideFacet = 5;
    private const byte TitleField = 1;
    private const byte SummaryField = 2;

    /// <summary>At this many lead lengths a summary match counts (1/4)² = 1/16: reading further changes nothing.</summary>
    private const int FadeOutFactor = 4;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly CompiledKeywords _keywords;
    private readonly Verdict _nothingMatched;

    public RelevanceClassifier(IEnumerable<KeywordTerm> keywords, ClassifierSettings? settings = null)
    {
        _keywords = new CompiledKeywords(keywords);
        Settings = settings ?? ClassifierSettings.Default;
        _nothingMatched = new Verdict(false, 0, Settings.Threshold, [], "no Mali-side or Russia-side term");
    }

    public ClassifierSettings Settings { get; }

    public int TermCount => _keywords.Terms.Length;

    public Verdict Classify(string? title, string? summary)
    {
        var scratch = Prepare();
        var language = Read(title, summary, scratch);
        if (scratch.TouchedCount == 0)
        {
            return _nothingMatched with { Language = language };
        }

        var evidence = Sums(scratch);
        var matches = new List<TermMatch>(scratch.TouchedCount);
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            var term = _keywords.Terms[t];
            var inTitle = scratch.Field[t] == TitleField;
            var text = inTitle ? title : summary;
            var form = text is null ? null : text[scratch.FormStart[t]..scratch.FormEnd[t]];
            matches.Add(new TermMatch(term.Term, term.Facet, inTitle ? "title" : "summary", Math.Round(scratch.Best[t], 2), form, !scratch.Covered[t]));
        }

        scratch.Reset();
        matches.Sort((a, b) => b.Contribution.CompareTo(a.Contribution));
        var (relevant, reason) = Decide(evidence);
        return new Verdict(relevant, Math.Round(evidence.Total, 2), Settings.Threshold, matches, reason, language, Subject(evidence));
    }

    /// <summary>The decision alone, without building the explanation.</summary>
    public bool IsRelevant(string? title, string? summary)
    {
        var scratch = Prepare();
        Read(title, summary, scratch);
        if (scratch.TouchedCount == 0 || !CouldPass(scratch))
        {
            scratch.Reset();
            return false;
        }

        var evidence = Sums(scratch);
        scratch.Reset();
        return Passes(evidence) && PassingMention(evidence) is null;
    }

    /// <summary>
    /// Whether the item could pass at all: the evidence summed before anything is discounted (a match
    /// inside a longer one, a side in passing) only ever shrinks, so most items are settled here cheaply.
    /// </summary>
    private bool CouldPass(Scratch scratch)
    {
        double mali = 0, russia = 0, total = 0;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            var facet = _keywords.FacetOf[t];
            if (facet <= TopicFacet)
            {
                total += scratch.Best[t];
                mali += facet == MaliSide ? scratch.Best[t] : 0;
                russia += facet == RussiaSide ? scratch.Best[t] : 0;
            }
        }

        return mali >= Settings.MinSideScore && russia >= Settings.MinSideScore && total >= Settings.Threshold;
    }

    /// <summary>Both sides, the threshold, and no other subject that outweighs the topic words.</summary>
    private bool Passes(in Evidence e) =>
        e.Mali >= Settings.MinSideScore && e.Russia >= Settings.MinSideScore && e.Total >= Settings.Threshold
        && (e.Unrelated == 0 || e.Topic > e.Unrelated);

    /// <summary>
    /// The side that is only mentioned in passing, if any: its strongest rival (another actor of the
    /// story that is not listed beside it) weighs more than all of the side's evidence, its title evidence
    /// counted twice; a side named only in a list with other countries already gives way to an equal rival.
    /// So a Russia–Niger story that compares Niger's rulers with Mali's, or a Mali–Turkey arms deal that
    /// recalls earlier Russian deliveries, is not a hit; a story on Russia's forces "in Mali, Burkina Faso
    /// and the Central African Republic" is, since those countries are listed together, not rivals.
    /// </summary>
    private static Side? PassingMention(in Evidence e)
    {
        var mali = e.Mali + e.MaliInTitle;
        var russia = e.Russia + e.RussiaInTitle;
        var maliMention = IsMention(mali, e.MaliRival, e.MaliListed);
        var russiaMention = IsMention(russia, e.RussiaRival, e.RussiaListed);
        // When a rival outweighs both (Turkish drones for Mali's army, Russian helicopters recalled), the
        // side it is paired with in the story is the stronger one; the weaker is the one in passing.
        return (maliMention, russiaMention) switch
        {
            (true, true) => mali <= russia ? Side.Mali : Side.Russia,
            (true, false) => Side.Mali,
            (false, true) => Side.Russia,
            _ => null,
        };
    }

    private static bool IsMention(double side, double rival, bool listed) => rival > 0 && (rival > side || (listed && rival >= side));

    private enum Side
    {
        Mali,
        Russia,
    }

    private (bool Relevant, string Reason) Decide(in Evidence e)
    {
        var min = Settings.MinSideScore;
        var threshold = Settings.Threshold;
        if (Passes(e))
        {
            if (PassingMention(e) is { } side)
            {
                var (score, title, rival, concept, listed) = side == Side.Mali
                    ? (e.Mali, e.MaliInTitle, e.MaliRival, e.MaliRivalConcept, e.MaliListed)
                    : (e.Russia, e.RussiaInTitle, e.RussiaRival, e.RussiaRivalConcept, e.RussiaListed);
                var titled = title > 0 ? Invariant($" + title {title:0.0}") : "";
                return (false, Invariant($"{side} only in passing{(listed ? " (listed with other countries)" : "")}: the story is about {_keywords.ConceptNames[concept]} ({rival:0.0} {(listed ? "≥" : ">")} {side} {score:0.0}{titled}), score {e.Total:0.0}"));
            }

            var strongest = Math.Max(e.MaliRival, e.RussiaRival);
            var subject = strongest > 0
                ? Invariant($"; Mali–Russia is the subject (strongest other actor {_keywords.ConceptNames[e.MaliRival >= e.RussiaRival ? e.MaliRivalConcept : e.RussiaRivalConcept]} {strongest:0.0})")
                : "";
            return (true, Invariant($"mali + russia evidence, score {e.Total:0.0} ≥ {threshold:0.0}{subject}"));
        }

        return (false, (e.Mali, e.Russia) switch
        {
            (0.0, 0.0) => "no Mali-side or Russia-side term",
            (0.0, _) => "no Mali-side term",
            (_, 0.0) => "no Russia-side term",
            _ when e.Mali < min => Invariant($"Mali-side evidence too weak ({e.Mali:0.0} < {min:0.0}), score {e.Total:0.0}"),
            _ when e.Russia < min => Invariant($"Russia-side evidence too weak ({e.Russia:0.0} < {min:0.0}), score {e.Total:0.0}"),
            _ when e.Total >= threshold => Invariant($"both sides named, but it reads as another subject (unrelated {e.Unrelated:0.0} ≥ topic {e.Topic:0.0}), score {e.Total:0.0}"),
            _ => Invariant($"mali + russia evidence, but score {e.Total:0.0} < {threshold:0.0}"),
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private SubjectCheck Subject(in Evidence e)
    {
        var side = PassingMention(e);
        var (rival, concept, listed) = side switch
        {
            Side.Mali => (e.MaliRival, e.MaliRivalConcept, e.MaliListed),
            Side.Russia => (e.RussiaRival, e.RussiaRivalConcept, e.RussiaListed),
            _ => e.MaliRival >= e.RussiaRival ? (e.MaliRival, e.MaliRivalConcept, false) : (e.RussiaRival, e.RussiaRivalConcept, false),
        };
        var decision = side switch
        {
            Side.Mali => "mali-in-passing",
            Side.Russia => "russia-in-passing",
            _ => "subject",
        };
        return new SubjectCheck(decision, concept >= 0 ? _keywords.ConceptNames[concept] : null, Math.Round(rival, 2), listed);
    }

    /// <summary>
    /// Evidence per facet and side; the total is the sides and the topic (other subjects only veto). Per
    /// side, its strongest rival actor (concept index) and whether the side is listed with other countries.
    /// </summary>
    private readonly record struct Evidence(
        double Mali, double Russia, double Topic, double Unrelated, double Total,
        double MaliInTitle, double RussiaInTitle,
        double MaliRival, int MaliRivalConcept, bool MaliListed,
        double RussiaRival, int RussiaRivalConcept, bool RussiaListed);

    /// <summary>Characters between two names of one list: ", ", " and the ", " et du ", " und ", " и ", " y ".</summary>
    private const int ListGap = 9;

    private Evidence Sums(Scratch scratch)
    {
        double mali = 0, russia = 0, topic = 0, unrelated = 0, total = 0, maliTitle = 0, russiaTitle = 0;
        var anyOther = false;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            var c = scratch.Best[t];
            var inTitle = scratch.Field[t] == TitleField;
            if (Covered(scratch, t))
            {
                scratch.Best[t] = -c;
                scratch.Covered[t] = true;
                continue;
            }

            switch (_keywords.FacetOf[t])
            {
                case MaliSide:
                    mali += c;
                    maliTitle += inTitle ? c : 0;
                    break;
                case RussiaSide:
                    russia += c;
                    russiaTitle += inTitle ? c : 0;
                    break;
                case TopicFacet:
                    topic += c;
                    break;
                case OtherFacet:
                    anyOther = true;
                    continue;
                case AsideFacet:
                    continue;
                default:
                    unrelated += c;
                    continue;
            }

            total += c;
        }

        var (maliRival, maliConcept, maliListed) = anyOther ? Rival(scratch, MaliSide) : (0, -1, false);
        var (russiaRival, russiaConcept, russiaListed) = anyOther ? Rival(scratch, RussiaSide) : (0, -1, false);

        // Covered matches were marked by a negative best; the scratch is reset from Best, so restore them.
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            scratch.Best[t] = Math.Abs(scratch.Best[t]);
        }

        return new Evidence(mali, russia, topic, unrelated, total, maliTitle, russiaTitle,
            maliRival, maliConcept, maliListed, russiaRival, russiaConcept, russiaListed);
    }

    /// <summary>
    /// The strongest other actor that rivals a side: every form of one actor adds up (Niger, Niamey,
    /// Tiani); an actor's match listed right beside one of the side's (Mali, Burkina Faso et le Niger) is the
    /// side's peer, not its rival.
    /// </summary>
    private (double Score, int Concept, bool Listed) Rival(Scratch scratch, int side)
    {
        var peer = scratch.Peer;
        var listed = MarkListPeers(scratch, side);
        var sums = scratch.OtherByConcept;
        double best = 0;
        var concept = -1;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var u = scratch.Touched[i];
            if (_keywords.FacetOf[u] != OtherFacet || scratch.Best[u] <= 0 || peer[u])
            {
                continue;
            }

            var sum = sums[_keywords.ConceptOf[u]] += scratch.Best[u];
            if (sum > best)
            {
                (best, concept) = (sum, _keywords.ConceptOf[u]);
            }
        }

        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            sums[_keywords.ConceptOf[t]] = 0;
            peer[t] = false;
        }

        return (best, concept, listed);
    }

    /// <summary>
    /// Marks the other actors that one list holds together with the side (Mali, the Central African Republic
    /// and Burkina Faso: each name a few characters from the previous one); true when there is any.
    /// </summary>
    private bool MarkListPeers(Scratch scratch, int side)
    {
        var peer = scratch.Peer;
        var any = false;
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < scratch.TouchedCount; i++)
            {
                var u = scratch.Touched[i];
                if (_keywords.FacetOf[u] != OtherFacet || scratch.Best[u] <= 0 || peer[u])
                {
                    continue;
                }

                for (var j = 0; j < scratch.TouchedCount; j++)
                {
                    var t = scratch.Touched[j];
                    if ((_keywords.FacetOf[t] == side || peer[t]) && scratch.Best[t] > 0 && Adjacent(scratch, t, u))
                    {
                        peer[u] = changed = any = true;
                        break;
                    }
                }
            }
        }

        return any;
    }

    private static bool Adjacent(Scratch scratch, int a, int b)
    {
        if (scratch.Field[a] != scratch.Field[b])
        {
            return false;
        }

        var gap = scratch.FormStart[b] > scratch.FormEnd[a]
            ? scratch.FormStart[b] - scratch.FormEnd[a]
            : scratch.FormStart[a] - scratch.FormEnd[b];
        return gap is >= 0 and <= ListGap;
    }

    /// <summary>
    /// A match that sits inside a longer one of the same concept, or of the same side, counts once, with it
    /// (Goïta inside Assimi Goïta, Burkina inside Burkina Faso, Sahel inside Alliance of Sahel States); a
    /// side word inside an aside (Russia's ally, запрещенная в РФ) does not count at all: it describes, it
    /// does not report.
    /// </summary>
    private bool Covered(Scratch scratch, int t)
    {
        var (start, end, field) = (scratch.FormStart[t], scratch.FormEnd[t], scratch.Field[t]);
        for (var j = 0; j < scratch.TouchedCount; j++)
        {
            var u = scratch.Touched[j];
            if (u == t || scratch.Field[u] != field || scratch.FormStart[u] > start || scratch.FormEnd[u] < end
                || (scratch.FormEnd[u] - scratch.FormStart[u]) <= (end - start))
            {
                continue;
            }

            var facet = _keywords.FacetOf[t];
            if (_keywords.ConceptOf[u] == _keywords.ConceptOf[t] || _keywords.FacetOf[u] == AsideFacet
                || (facet is MaliSide or RussiaSide && _keywords.FacetOf[u] == facet))
            {
                return true;
            }
        }

        return false;
    }

    private Scratch Prepare()
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Ensure(_keywords.Terms.Length, _keywords.ConceptNames.Length, _keywords.MaxPhraseLength, LanguageGuesser.LanguageCount);
        return scratch;
    }

    /// <summary>
    /// Reads title and summary and returns the item's language. The language is only known at the end, so
    /// an item in German, Spanish, Portuguese or Italian whose words might stem to a keyword is read a
    /// second time with that language's stemmer (Cyrillic and Arabic words are stemmed on the first read,
    /// their script says which stemmer).
    /// </summary>
    private string Read(string? title, string? summary, Scratch scratch)
    {
        Scan(title, TitleField, scratch, latinStemmer: null);
        Scan(summary, SummaryField, scratch, latinStemmer: null);
        var language = scratch.Language();
        if (scratch.LatinStemCandidate && language is "de" or "es" or "pt" or "it")
        {
            scratch.Reset();
            Scan(title, TitleField, scratch, language);
            Scan(summary, SummaryField, scratch, language);
        }

        return language;
    }

    private void Scan(string? text, byte field, Scratch scratch, string? latinStemmer)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var span = text.AsSpan();
        if (field == SummaryField && span.Length > Settings.MaxSummaryChars)
        {
            span = span[..Settings.MaxSummaryChars];
        }

        var keywords = _keywords;
        var history = scratch.History;
        var starts = scratch.HistoryStart;
        var historyLength = 0;
        var historyNext = 0;
        var position = 0;
        var fieldWeight = field == TitleField ? Settings.TitleWeight : 1.0;
        var lead = Settings.LeadTokens;
        var maxPosition = field == TitleField ? int.MaxValue : FadeOutFactor * lead;
        Span<char> buffer = stackalloc char[TextNormalizer.MaxTokenLength];
        Span<char> stemmed = stackalloc char[TextNormalizer.MaxTokenLength];
        var dateline = field == SummaryField ? DatelineLength(span) : 0;
        var scanner = new TokenScanner(span);
        while (scanner.Next(buffer, out var length, out var breakBefore))
        {
            var word = buffer[..length];
            var id = keywords.TokenId(word);
            var script = scratch.CountScript(word);
            if (CompiledKeywords.IsFunctionWord(id))
            {
                scratch.Vote(CompiledKeywords.LanguagesOf(id));
                id = CompiledKeywords.IsStopwordToo(id) ? CompiledKeywords.Stopword : CompiledKeywords.Unknown;
            }
            else if (id >= 0 && keywords.VotesOf[id] != 0)
            {
                scratch.Vote(keywords.VotesOf[id]);
            }

            if (id == CompiledKeywords.Stopword || scanner.LastStart < dateline)
            {
                continue;
            }

            if (id == CompiledKeywords.Unknown)
            {
                id = Restem(word, script, latinStemmer, stemmed, scratch);
            }

            if (breakBefore)
            {
                historyLength = 0;
            }

            // Past this point a match would have faded to almost nothing: stop reading.
            if (++position > maxPosition)
            {
                break;
            }

            starts[historyNext] = scanner.LastStart;
            PushHistory(history, ref historyLength, ref historyNext, id);
            if (id == CompiledKeywords.Unknown)
            {
                continue;
            }

            var weight = fieldWeight;
            if (field == SummaryField && position > lead)
            {
                var fade = (double)lead / position;
                weight *= fade * fade;
            }

            var unigram = keywords.UnigramTerm[id];
            if (unigram >= 0)
            {
                scratch.Hit(unigram, keywords.Weights[unigram] * weight, field, scanner.LastStart, scanner.LastEnd);
            }

            var phrases = keywords.PhrasesEndingWith[id];
            if (phrases is null)
            {
                continue;
            }

            foreach (var p in phrases)
            {
                var phrase = keywords.TermTokens[p];
                if (EndsWith(history, historyLength, historyNext, phrase))
                {
                    var first = historyNext - phrase.Length;
                    scratch.Hit(p, keywords.Weights[p] * weight, field, starts[first < 0 ? first + starts.Length : first], scanner.LastEnd);
                }
            }
        }
    }

    /// <summary>
    /// A second chance for a word no keyword has: a Latin-script word stemmed in the item's language (on
    /// the second read, once that language is known), a Russian stem stemmed once more (Snowball takes
    /// Лавров to лавр but Лавровым only to лавров).
    /// </summary>
    private int Restem(ReadOnlySpan<char> word, string? script, string? latinStemmer, Span<char> stemmed, Scratch scratch)
    {
        if (script == "ru")
        {
            var again = Inflection.Stem("ru", word, stemmed);
            var id = again > 0 && again < word.Length ? _keywords.TokenId(stemmed[..again]) : CompiledKeywords.Unknown;
            return id >= 0 ? id : CompiledKeywords.Unknown;
        }

        if (script is not null || !_keywords.MayStemToKeyword(word))
        {
            return CompiledKeywords.Unknown;
        }

        if (latinStemmer is null)
        {
            scratch.LatinStemCandidate = true;
            return CompiledKeywords.Unknown;
        }

        var length = Inflection.Stem(latinStemmer, word, stemmed);
        return length > 0 ? _keywords.StemId(latinStemmer, stemmed[..length]) : CompiledKeywords.Unknown;
    }

    /// <summary>
    /// The length of a wire dateline that opens a summary ("MOSCOW, Oct 8 (Reuters) -", "Москва. 8 октября.",
    /// "Moscou (AFP) -"), else 0: where a story was filed from says nothing about what it is about.
    /// One word and a full stop, or up to three words and an opening bracket or a dash, or a comma after capitals.
    /// </summary>
    internal static int DatelineLength(ReadOnlySpan<char> summary)
    {
        var start = 0;
        while (start < summary.Length && char.IsWhiteSpace(summary[start]))
        {
            start++;
        }

        var words = 0;
        var upper = true;
        for (var i = start; i < summary.Length && i - start < 40; i++)
        {
            var c = summary[i];
            if (char.IsLetter(c) || c is '-' or '\'' or '’')
            {
                upper &= !char.IsLower(c);
                if (i == start || summary[i - 1] == ' ')
                {
                    words++;
                }

                continue;
            }

            if (words is 0 or > 3)
            {
                return 0;
            }

            var next = i + 1 < summary.Length ? summary[i + 1] : ' ';
            var after = c == ' ' ? next : '\0';
            var mark = c == ' ' ? after : c;
            if (c == ' ' && char.IsLetter(after))
            {
                continue;
            }

            var isDateline = mark switch
            {
                '.' => c != ' ' && next == ' ' && words == 1,
                '(' or '—' or '–' => true,
                '-' => c == ' ',
                ',' => upper && c != ' ',
                _ => false,
            };
            return isDateline ? i : 0;
        }

        return 0;
    }

    /// <summary>The last words in a ring: <paramref name="next"/> is where the next one goes.</summary>
    private static void PushHistory(int[] history, ref int length, ref int next, int id)
    {
        history[next] = id;
        next = next + 1 == history.Length ? 0 : next + 1;
        if (length < history.Length)
        {
            length++;
        }
    }

    private static bool EndsWith(int[] history, int length, int next, int[] phrase)
    {
        if (phrase.Length > length)
        {
            return false;
        }

        var at = next;
        for (var k = phrase.Length - 1; k >= 0; k--)
        {
            at = at == 0 ? history.Length - 1 : at - 1;
            if (history[at] != phrase[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Per-thread buffers: best contribution, field and place per term, which terms were touched, language votes.</summary>
    private sealed class Scratch
    {
        private int[] _votes = [];
        private int _cyrillic;
        private int _arabic;
        private int _latin;

        /// <summary>A Latin-script word that a German, Spanish, Portuguese or Italian stemmer might take to a keyword.</summary>
        public bool LatinStemCandidate { get; set; }

        public double[] Best { get; private set; } = [];
        public byte[] Field { get; private set; } = [];
        public int[] FormStart { get; private set; } = [];
        public int[] FormEnd { get; private set; } = [];
        public int[] Touched { get; private set; } = [];
        public int[] History { get; private set; } = [];
        public int[] HistoryStart { get; private set; } = [];
        public double[] OtherByConcept { get; private set; } = [];
        public bool[] Peer { get; private set; } = [];
        public bool[] Covered { get; private set; } = [];
        public int TouchedCount { get; private set; }

        public void Ensure(int terms, int concepts, int maxPhrase, int languages)
        {
            Reset();
            if (_votes.Length != languages)
            {
                _votes = new int[languages];
            }

            _votes.AsSpan().Clear();
            (_cyrillic, _arabic, _latin) = (0, 0, 0);
            LatinStemCandidate = false;
            if (Best.Length < terms)
            {
                Best = new double[terms];
                Field = new byte[terms];
                FormStart = new int[terms];
                FormEnd = new int[terms];
                Touched = new int[terms];
                Peer = new bool[terms];
                Covered = new bool[terms];
            }

            if (OtherByConcept.Length < concepts)
            {
                OtherByConcept = new double[concepts];
            }

            if (History.Length != maxPhrase)
            {
                History = new int[maxPhrase];
                HistoryStart = new int[maxPhrase];
            }
        }

        /// <summary>Counts the word's script; returns the language whose stemmer the script calls for (ru, ar), else null.</summary>
        public string? CountScript(ReadOnlySpan<char> word)
        {
            if (Inflection.IsCyrillic(word[0]))
            {
                _cyrillic++;
                return "ru";
            }

            if (Inflection.IsArabic(word[0]))
            {
                _arabic++;
                return "ar";
            }

            _latin++;
            return null;
        }

        public void Vote(int languages)
        {
            for (var l = 0; languages != 0; l++, languages >>= 1)
            {
                _votes[l] += languages & 1;
            }
        }

        public string Language() => LanguageGuesser.Decide(_votes, _cyrillic, _arabic, _latin);

        public void Hit(int term, double contribution, byte field, int start, int end)
        {
            if (contribution <= Best[term])
            {
                return;
            }

            if (Best[term] == 0)
            {
                Touched[TouchedCount++] = term;
            }

            Best[term] = contribution;
            Field[term] = field;
            FormStart[term] = start;
            FormEnd[term] = end;
        }

        public void Reset()
        {
            for (var i = 0; i < TouchedCount; i++)
            {
                Best[Touched[i]] = 0;
                Covered[Touched[i]] = false;
            }

            TouchedCount = 0;
        }
    }
}
