namespace Watcher.Relevance;

/// <summary>A keyword the learner found in the seeds, ready to be stored and handed to the classifier.</summary>
/// <param name="Term">Lower case without accents; words separated by one space.</param>
/// <param name="Facet">One of <see cref="Facets"/>.</param>
/// <param name="Concept">The lexicon concept it comes from; null for a word or name of the seeds.</param>
public sealed record LearnedKeyword(string Term, double Weight, string Facet, string? Concept = null)
{
    public KeywordTerm ToKeywordTerm() => new(Term, Weight, Facet, Concept);
}

/// <param name="MinDocumentFrequency">A term must occur in this many seeds, so one stray paragraph teaches nothing.</param>
/// <param name="NameShare">A word that occurs inside a learned name at least this often is left to the name (vladimir → vladimir poutine).</param>
/// <param name="Scale">Weight of a term found in every seed with full specificity.</param>
public sealed record LearnerSettings(int MinDocumentFrequency = 2, double NameShare = 0.8, double Scale = 3.0)
{
    public static LearnerSettings Default { get; } = new();
}
