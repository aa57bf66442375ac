using Quartz;

namespace Watcher.Scheduling;

/// <summary>Accepts Quartz cron (with seconds) and the classic five-field crontab most admins know.</summary>
public static class CronSchedule
{
    /// <summary>The parsed expression; <see cref="FormatException"/> saying why when it is neither form.</summary>
    public static CronExpression Parse(string cron)
    {
        var format = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Unix : CronFormat.Quartz;
        if (!CronExpression.TryParse(cron, format, out var expression) || expression is null)
            throw new FormatException($"'{cron}' is not a valid cron expression");
        return expression;
    }
}
