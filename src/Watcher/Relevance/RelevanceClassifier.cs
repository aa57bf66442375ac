using System.Globalization;

namespace Watcher.Relevance;

/// <summary>
/// Decides whether an item (title + summary) is about relations between Mali and Russia. Each keyword
/// counts once, at its best place: in the title it weighs more, in the summary it fades after the lead.
/// An item is relevant only with evidence for both sides and a total score at the threshold.
/// Thread-safe; allocation-free until a keyword matches.
/// </summary>
public sealed class RelevanceClassifier
{
    private const int MaliSide = 0;
    private const int RussiaSide = 1;
    private const int TopicFacet = 2;
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
        Scan(title, TitleField, scratch);
        Scan(summary, SummaryField, scratch);
        if (scratch.TouchedCount == 0)
        {
            return _nothingMatched;
        }

        var (mali, russia, topic, unrelated, total) = Sums(scratch);
        var matches = new List<TermMatch>(scratch.TouchedCount);
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            var term = _keywords.Terms[t];
            var field = scratch.Field[t] == TitleField ? "title" : "summary";
            matches.Add(new TermMatch(term.Term, term.Facet, field, Math.Round(scratch.Best[t], 2)));
        }

        scratch.Reset();
        matches.Sort((a, b) => b.Contribution.CompareTo(a.Contribution));
        var (relevant, reason) = Decide(mali, russia, topic, unrelated, total);
        return new Verdict(relevant, Math.Round(total, 2), Settings.Threshold, matches, reason);
    }

    /// <summary>The decision alone, without building the explanation.</summary>
    public bool IsRelevant(string? title, string? summary)
    {
        var scratch = Prepare();
        Scan(title, TitleField, scratch);
        Scan(summary, SummaryField, scratch);
        if (scratch.TouchedCount == 0)
        {
            return false;
        }

        var (mali, russia, topic, unrelated, total) = Sums(scratch);
        scratch.Reset();
        return Passes(mali, russia, topic, unrelated, total);
    }

    /// <summary>Both sides, the threshold, and no other subject that outweighs the topic words.</summary>
    private bool Passes(double mali, double russia, double topic, double unrelated, double total) =>
        mali >= Settings.MinSideScore && russia >= Settings.MinSideScore && total >= Settings.Threshold && (unrelated == 0 || topic > unrelated);

    private (bool Relevant, string Reason) Decide(double mali, double russia, double topic, double unrelated, double total)
    {
        var min = Settings.MinSideScore;
        var threshold = Settings.Threshold;
        if (Passes(mali, russia, topic, unrelated, total))
        {
            return (true, Invariant($"mali + russia evidence, score {total:0.0} ≥ {threshold:0.0}"));
        }

        return (false, (mali, russia) switch
        {
            (0.0, 0.0) => "no Mali-side or Russia-side term",
            (0.0, _) => "no Mali-side term",
            (_, 0.0) => "no Russia-side term",
            _ when mali < min => Invariant($"Mali-side evidence too weak ({mali:0.0} < {min:0.0}), score {total:0.0}"),
            _ when russia < min => Invariant($"Russia-side evidence too weak ({russia:0.0} < {min:0.0}), score {total:0.0}"),
            _ when total >= threshold => Invariant($"both sides named, but it reads as another subject (unrelated {unrelated:0.0} ≥ topic {topic:0.0}), score {total:0.0}"),
            _ => Invariant($"mali + russia evidence, but score {total:0.0} < {threshold:0.0}"),
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Evidence per facet; the total is the sides and the topic (other subjects only veto).</summary>
    private (double Mali, double Russia, double Topic, double Unrelated, double Total) Sums(Scratch scratch)
    {
        double mali = 0, russia = 0, topic = 0, unrelated = 0, total = 0;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            var t = scratch.Touched[i];
            var c = scratch.Best[t];
            switch (_keywords.FacetOf[t])
            {
                case MaliSide: mali += c; break;
                case RussiaSide: russia += c; break;
                case TopicFacet: topic += c; break;
                default: unrelated += c; continue;
            }

            total += c;
        }

        return (mali, russia, topic, unrelated, total);
    }

    private Scratch Prepare()
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Ensure(_keywords.Terms.Length, _keywords.MaxPhraseLength);
        return scratch;
    }

    private void Scan(string? text, byte field, Scratch scratch)
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
        var historyLength = 0;
        var historyNext = 0;
        var position = 0;
        var fieldWeight = field == TitleField ? Settings.TitleWeight : 1.0;
        var lead = Settings.LeadTokens;
        var maxPosition = field == TitleField ? int.MaxValue : FadeOutFactor * lead;
        Span<char> buffer = stackalloc char[TextNormalizer.MaxTokenLength];
        var scanner = new TokenScanner(span);
        while (scanner.Next(buffer, out var length, out var breakBefore))
        {
            var stem = buffer[..length];
            var id = keywords.TokenId(stem);
            if (id == CompiledKeywords.Stopword)
            {
                continue;
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
                scratch.Hit(unigram, keywords.Weights[unigram] * weight, field);
            }

            var phrases = keywords.PhrasesEndingWith[id];
            if (phrases is null)
            {
                continue;
            }

            foreach (var p in phrases)
            {
                if (EndsWith(history, historyLength, historyNext, keywords.TermTokens[p]))
                {
                    scratch.Hit(p, keywords.Weights[p] * weight, field);
                }
            }
        }
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

    /// <summary>Per-thread buffers: best contribution and field per term, and which terms were touched.</summary>
    private sealed class Scratch
    {
        public double[] Best { get; private set; } = [];
        public byte[] Field { get; private set; } = [];
        public int[] Touched { get; private set; } = [];
        public int[] History { get; private set; } = [];
        public int TouchedCount { get; private set; }

        public void Ensure(int terms, int maxPhrase)
        {
            Reset();
            if (Best.Length < terms)
            {
                Best = new double[terms];
                Field = new byte[terms];
                Touched = new int[terms];
            }

            if (History.Length != maxPhrase)
            {
                History = new int[maxPhrase];
            }
        }

        public void Hit(int term, double contribution, byte field)
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
        }

        public void Reset()
        {
            for (var i = 0; i < TouchedCount; i++)
            {
                Best[Touched[i]] = 0;
            }

            TouchedCount = 0;
        }
    }
}
