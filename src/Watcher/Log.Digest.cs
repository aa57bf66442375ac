using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Digest delivery per recipient list (event ids 310-399).</summary>
internal static partial class Log
{
    [LoggerMessage(310, LogLevel.Information, "Digest {DigestId} ({Kind}, list {ListName}) with {HitCount} hit(s) delivered to {DeliveredTo}")]
    public static partial void DigestListDelivered(this ILogger logger, long digestId, string kind, string listName, int hitCount, string deliveredTo);

    [LoggerMessage(311, LogLevel.Warning, "Digest {DigestId} ({Kind}, list {ListName}) not delivered, attempt {Attempt}; its {HitCount} hit(s) stay pending, next try after {NextTry:u}: {Error}")]
    public static partial void DigestListFailed(this ILogger logger, long digestId, string kind, string listName, int attempt, int hitCount, DateTimeOffset nextTry, string error);

    [LoggerMessage(312, LogLevel.Error, "List {ListName}: no {Kind} could be delivered since {FailingSince:u} ({Attempts} failed attempts); the hits are kept and retried. Last error: {Error}")]
    public static partial void DigestUndeliverableForADay(this ILogger logger, string listName, string kind, DateTimeOffset failingSince, int attempts, string error);

    [LoggerMessage(313, LogLevel.Debug, "List {ListName}: nothing pending, nothing sent")]
    public static partial void DigestListNothingPending(this ILogger logger, string listName);

    [LoggerMessage(314, LogLevel.Warning, "Digest trigger {Trigger} names no configured list ('{ListName}'); it is removed")]
    public static partial void DigestTriggerOrphaned(this ILogger logger, string trigger, string listName);

    [LoggerMessage(315, LogLevel.Information, "Digest list {ListName}: {RecipientCount} recipient(s), cron '{Cron}' in {TimeZone}, language {Language}, alerts {Alerts}, empty day {EmptyDay}")]
    public static partial void DigestListConfigured(this ILogger logger, string listName, int recipientCount, string cron, string timeZone, string language, string alerts, string emptyDay);

    [LoggerMessage(316, LogLevel.Information, "Digest {DigestId} is a resend of digest {ResendOf} (list {ListName})")]
    public static partial void DigestResent(this ILogger logger, long digestId, long resendOf, string listName);

    [LoggerMessage(317, LogLevel.Debug, "Digest {DigestId} ({Kind}, list {ListName}) recorded with {HitCount} hit(s) claimed; sending")]
    public static partial void DigestClaimed(this ILogger logger, long digestId, string kind, string listName, int hitCount);

    [LoggerMessage(318, LogLevel.Information, "List {ListName}: another run claimed some of the same hits first (attempt {Attempt}); reading the pending hits again")]
    public static partial void DigestClaimRaced(this ILogger logger, string listName, int attempt);

    [LoggerMessage(319, LogLevel.Error, "Digest {DigestId} (list {ListName}) was delivered to {DeliveredTo} but could not be marked sent: {Error}. It stays 'sending', will be marked 'ambiguous' and is never sent again automatically")]
    public static partial void DigestDeliveredNotRecorded(this ILogger logger, long digestId, string listName, string deliveredTo, string error);

    [LoggerMessage(320, LogLevel.Information, "List {ListName}: nothing left to send for its failed {Kind}(s); {Ended} failed run(s) marked superseded, no more retries")]
    public static partial void DigestStreakEnded(this ILogger logger, string listName, string kind, int ended);

    [LoggerMessage(321, LogLevel.Warning, "Digest {DigestId} ({Kind}, list {ListName}) went to the other recipients, but the server refused {RejectedCount}: {Rejected}")]
    public static partial void DigestRecipientsRejected(this ILogger logger, long digestId, string kind, string listName, int rejectedCount, string rejected);

    [LoggerMessage(303, LogLevel.Warning, "Digest {DigestId} (list {ListName}) was cut off at phase {Phase}, after its message data may have reached the server; it is not sent again automatically: check the mailbox for Message-ID {MessageId}, then `watcher digest resend {DigestId}`, or `watcher digest dismiss {DigestId}` if it arrived")]
    public static partial void DigestCutOffAmbiguous(this ILogger logger, long digestId, string listName, string phase, string messageId);

    [LoggerMessage(323, LogLevel.Warning, "Digest {DigestId} ({Kind}, list {ListName}) was cut off at phase {Phase}, before any message data reached the server; its {HitCount} hit(s) are pending again and go with the next attempt")]
    public static partial void DigestCutOffReleased(this ILogger logger, long digestId, string kind, string listName, string phase, int hitCount);

    [LoggerMessage(324, LogLevel.Warning, "Digest {DigestId} ({Kind}, list {ListName}, {HitCount} hit(s)) may not have arrived: {Error}. It is not sent again automatically: check the mailbox for Message-ID {MessageId}, then `watcher digest resend {DigestId}`, or `watcher digest dismiss {DigestId}` if it arrived")]
    public static partial void DigestMayNotHaveArrived(this ILogger logger, long digestId, string kind, string listName, int hitCount, string error, string messageId);

    [LoggerMessage(325, LogLevel.Warning, "{Count} digest(s) may not have arrived and await an admin's check: {DigestIds}; see `watcher digest history`")]
    public static partial void DigestsAwaitingCheck(this ILogger logger, int count, string digestIds);

    [LoggerMessage(326, LogLevel.Information, "Digest {DigestId} (list {ListName}) checked by an admin: no longer reported as possibly lost")]
    public static partial void DigestDismissed(this ILogger logger, long digestId, string listName);

    [LoggerMessage(327, LogLevel.Information, "Digest {DigestId} (list {ListName}) was cut off after its file reached the outbox ({Path}): marked sent")]
    public static partial void DigestFoundInOutbox(this ILogger logger, long digestId, string listName, string path);

    /// <summary>One line of the SMTP conversation (Debug only); AUTH credentials are already masked by MailKit.</summary>
    [LoggerMessage(322, LogLevel.Debug, "SMTP {Endpoint} {Line}")]
    public static partial void SmtpProtocol(this ILogger logger, string endpoint, string line);
}
