using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>Supervision and the HTTP listener (event ids 910-939).</summary>
internal static partial class Log
{
    [LoggerMessage(910, LogLevel.Error, "Service is stuck: {Reason}; /healthz answers 503 and systemd's watchdog, if any, is no longer pinged (it restarts the service)")]
    public static partial void ServiceStuck(this ILogger logger, string reason);

    [LoggerMessage(911, LogLevel.Information, "Service is alive again: {Reason}")]
    public static partial void ServiceAliveAgain(this ILogger logger, string reason);

    [LoggerMessage(912, LogLevel.Warning, "Database unreachable: {Error}")]
    public static partial void DatabaseUnreachable(this ILogger logger, string error);

    [LoggerMessage(913, LogLevel.Information, "systemd watchdog of {Interval}: pinged while the scheduler fires and the database answers")]
    public static partial void WatchdogEnabled(this ILogger logger, TimeSpan interval);

    [LoggerMessage(914, LogLevel.Warning, "systemd watchdog ping not delivered to NOTIFY_SOCKET: {Error}")]
    public static partial void WatchdogPingFailed(this ILogger logger, string error);

    [LoggerMessage(915, LogLevel.Warning, "Stopping with {Jobs} scheduled job(s) still running after the shutdown timeout; they end with the process")]
    public static partial void SchedulerJobsStillRunning(this ILogger logger, int jobs);

    [LoggerMessage(916, LogLevel.Warning, "The scheduler did not shut down within {Wait} (its database unreachable?); stopping without it")]
    public static partial void SchedulerShutdownAbandoned(this ILogger logger, TimeSpan wait);

    [LoggerMessage(920, LogLevel.Information, "HTTP listener on {Addresses}: /healthz, /readyz, /metrics")]
    public static partial void HttpListening(this ILogger logger, string addresses);
}
