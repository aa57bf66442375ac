using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Relevance log messages (event ids 210-299).</summary>
internal static partial class Log
{
    [LoggerMessage(210, LogLevel.Information, "Learning contrasted the seeds with {BackgroundItems} recently polled item(s) (0: too few yet, the lexicon's prior was used); lexicon {LexiconPath}")]
    public static partial void LearnedWithBackground(this ILogger logger, int backgroundItems, string lexiconPath);

    [LoggerMessage(211, LogLevel.Information, "Learning read {LabelCount} editor label(s): {ChangeCount} change(s) to the seeds' keywords; F1 on the labels {F1Before:0.000} → {F1After:0.000}")]
    public static partial void LearnedWithLabels(this ILogger logger, int labelCount, int changeCount, double f1Before, double f1After);
}
