using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Relevance log messages (event ids 210-299).</summary>
internal static partial class Log
{
    [LoggerMessage(210, LogLevel.Information, "Learning contrasted the seeds with {BackgroundItems} recently polled item(s) (0: too few yet, the lexicon's prior was used); lexicon {LexiconPath}")]
    public static partial void LearnedWithBackground(this ILogger logger, int backgroundItems, string lexiconPath);
}
