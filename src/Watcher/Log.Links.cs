using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>The digest's links and the pages they open: feedback, missed articles, unsubscribing (event ids 400-499).</summary>
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Information, "List {ListName}: every recipient has unsubscribed; the {Kind} of {HitCount} hit(s) is not sent and the hits wait (watcher lists resubscribe)")]
    public static partial void DigestListEveryoneUnsubscribed(this ILogger logger, string listName, string kind, int hitCount);

    [LoggerMessage(401, LogLevel.Information, "List {ListName}: {Address} unsubscribed ({Method})")]
    public static partial void RecipientUnsubscribed(this ILogger logger, string listName, string address, string method);

    [LoggerMessage(402, LogLevel.Information, "Digest link: hit {HitId} labelled {Label} by {Recipient} (list {ListName})")]
    public static partial void LinkFeedbackRecorded(this ILogger logger, long hitId, string label, string recipient, string listName);

    [LoggerMessage(403, LogLevel.Information, "Missed article reported by {Recipient} (list {ListName}): {Url}")]
    public static partial void MissedArticleReported(this ILogger logger, string recipient, string listName, string url);

    [LoggerMessage(404, LogLevel.Information, "Missed article from {Recipient} not stored: {Url} could not be read: {Error}")]
    public static partial void MissedArticleUnreadable(this ILogger logger, string recipient, string url, string error);

    [LoggerMessage(405, LogLevel.Information, "A {Kind} link was refused: {Problem}")]
    public static partial void LinkRefused(this ILogger logger, string kind, string problem);

    [LoggerMessage(406, LogLevel.Warning, "Digest link for hit {HitId} (list {ListName}) not recorded: {Error}")]
    public static partial void LinkFeedbackFailed(this ILogger logger, long hitId, string listName, string error);
}
