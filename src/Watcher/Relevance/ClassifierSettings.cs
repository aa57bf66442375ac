namespace Watcher.Relevance;

/// <param name="Threshold">Score an item must reach, on top of evidence for both sides.</param>
/// <param name="MinSideScore">Evidence each side (Mali, Russia) needs: one strong name in the summary lead is enough.</param>
/// <param name="TitleWeight">Multiplier for a match in the title: the headline says what the story is about.</param>
/// <param name="LeadTokens">Summary words counted in full; later ones fade (a long roundup that names Mali once deep down is not about Mali).</param>
/// <param name="MaxSummaryChars">The summary is read up to here: later matches would have faded to nothing.</param>
public sealed record ClassifierSettings(
    double Threshold = 6.0,
    double MinSideScore = 1.5,
    double TitleWeight = 2.0,
    int LeadTokens = 40,
    int MaxSummaryChars = 4000)
{
    public static ClassifierSettings Default { get; } = new();
}
