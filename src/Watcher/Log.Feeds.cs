using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Feed ingestion messages (event ids 110-199).</summary>
internal static partial class Log
{
    [LoggerMessage(110, LogLevel.Warning, "Feed {FeedUrl} is disabled: {Reason}; `watcher feeds reset` turns it back on")]
    public static partial void FeedDisabled(this ILogger logger, string feedUrl, string reason);

    [LoggerMessage(111, LogLevel.Information, "Feed {FeedUrl} moved permanently to {NewUrl}")]
    public static partial void FeedMoved(this ILogger logger, string feedUrl, string newUrl);

    [LoggerMessage(113, LogLevel.Warning, "Feed {FeedUrl} has {TotalItems} items: only the first {KeptItems} were read (Polling:MaxItemsPerFeed)")]
    public static partial void FeedItemsCut(this ILogger logger, string feedUrl, int keptItems, int totalItems);

    [LoggerMessage(114, LogLevel.Debug, "Feed {FeedUrl} was read leniently: {Warning}")]
    public static partial void FeedReadLeniently(this ILogger logger, string feedUrl, string warning);

    // 112 was "poll skipped" (one poll at a time per database, before claims): not to be reused.

    [LoggerMessage(115, LogLevel.Error, "Poll failed ({ErrorType}: {Error}); the next tick polls what is still due")]
    public static partial void PollFailed(this ILogger logger, string errorType, string error);
}
