using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Watcher;

/// <summary>
/// Logging:LogLevel:* is read by the logging framework, which rejects a wrong level without naming its
/// key; checked here first so that it fails like every other setting: one line naming the key.
/// </summary>
internal static class LogLevelSettings
{
    public static void Check(IConfiguration configuration)
    {
        var failures = new List<string>();
        foreach (var (key, value) in configuration.GetSection("Logging").AsEnumerable())
        {
            // Logging:LogLevel:<category> and Logging:<provider>:LogLevel:<category>.
            var path = key.Split(':');
            var at = Array.FindIndex(path, p => p.Equals("LogLevel", StringComparison.OrdinalIgnoreCase));
            if (value is null || at is not (1 or 2) || path.Length != at + 2)
                continue;
            if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level))
                failures.Add($"{key} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())} (got '{value}')");
        }
        if (failures.Count > 0)
            throw new OptionsValidationException("Logging", typeof(LoggerFilterOptions), failures);
    }
}
