using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>What is kept and what is deleted (event ids 500-599).</summary>
internal static partial class Log
{
    [LoggerMessage(500, LogLevel.Information, "Retention: {SeenItems} seen item(s) no longer carried by their feed since before {ItemsBefore:u}, {Hits} hit(s) found before {HitsBefore:u} and {DigestRuns} digest run(s) left without hits deleted in {ElapsedMs} ms")]
    public static partial void RetentionPruned(this ILogger logger, int seenItems, DateTimeOffset itemsBefore, int hits, int digestRuns, DateTimeOffset hitsBefore, long elapsedMs);
}
