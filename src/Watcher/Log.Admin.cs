using Microsoft.Extensions.Logging;

namespace Watcher;

/// <summary>The admin pages (event ids 500-529).</summary>
internal static partial class Log
{
    [LoggerMessage(500, LogLevel.Information, "Admin {User} signed in from {Address}")]
    public static partial void LoginSucceeded(this ILogger logger, string user, string address);

    [LoggerMessage(501, LogLevel.Warning, "Admin sign-in refused from {Address} for user name '{User}': wrong name or password")]
    public static partial void LoginFailed(this ILogger logger, string address, string user);

    [LoggerMessage(502, LogLevel.Warning, "Admin sign-in from {Address} for user name '{User}' refused unchecked: too many attempts (Admin:LoginAttempts per Admin:LoginWindow)")]
    public static partial void LoginThrottled(this ILogger logger, string address, string user);
}
