namespace Watcher.Relevance;

/// <summary>
/// The sides a hit must have evidence for, the subject matter between them, and words of other subjects
/// where the sides' names turn up by coincidence (a Malian footballer at CSKA Moscow, the Arm Mali GPU).
/// </summary>
public static class Facets
{
    public const string Mali = "mali";
    public const string Russia = "russia";
    public const string Topic = "topic";

    /// <summary>Another subject: unless the topic words outweigh it, the item is about that subject.</summary>
    public const string Unrelated = "unrelated";

    /// <summary>
    /// Another actor a story can be about (Niger, Ukraine, Turkey…): a side the title does not name and
    /// that the strongest such actor outweighs is only mentioned in passing.
    /// </summary>
    public const string Other = "other";

    /// <summary>
    /// Words that name a side only to describe something else (Russia's ally, pro-Russian, the Russian
    /// legal notice "запрещенная в РФ"): the side words inside them do not count.
    /// </summary>
    public const string Aside = "aside";

    public static readonly IReadOnlyList<string> All = [Mali, Russia, Topic, Unrelated, Other, Aside];
}

/// <summary>An active keyword as the classifier sees it.</summary>
/// <param name="Concept">The lexicon concept it is a form of (all forms of "niger" count as one actor); null for a word of its own.</param>
public sealed record KeywordTerm(string Term, double Weight, string Facet, string? Concept = null);

/// <param name="Field">"title" or "summary".</param>
/// <param name="Form">The words of the item that matched, as written (России for the term россия).</param>
/// <param name="Counted">False when it sits inside a longer match of its concept (Goïta in Assimi Goïta) or in an aside (Russia's ally).</param>
public sealed record TermMatch(string Term, string Facet, string Field, double Contribution, string? Form = null, bool Counted = true);

/// <summary>Whether Mali–Russia is what the story is about, or a side only passes through a story about another actor.</summary>
/// <param name="Decision">"subject", "mali-in-passing" or "russia-in-passing".</param>
/// <param name="Rival">The strongest other actor (a lexicon concept such as niger), null when the story names none.</param>
/// <param name="Listed">The side in passing is named in a list with other countries.</param>
public sealed record SubjectCheck(string Decision, string? Rival, double RivalScore, bool Listed);

/// <summary>A decision with its reasons: score, the threshold it was held to, and what matched.</summary>
/// <param name="Language">The language the item was read as (fr, en, ru, de, es, pt, it, ar, or und).</param>
public sealed record Verdict(
    bool Relevant,
    double Score,
    double Threshold,
    IReadOnlyList<TermMatch> Matches,
    string Reason,
    string Language = LanguageGuesser.Unknown,
    SubjectCheck? Subject = null);
