using Microsoft.Extensions.Configuration;
using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

public static class DigestSchedule
{
    /// <summary>
    /// One cron trigger per recipient list, in the list's own time zone (the trigger carries the list's
    /// name), plus the follow-up jobs: immediate alerts and retries of failed sends.
    /// </summary>
    public static void AddDigestSchedule(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var digest = configuration.GetSection(DigestOptions.Section).Get<DigestOptions>() ?? new DigestOptions();
        quartz.AddJob<SendDigestJob>(job => job.WithIdentity(SendDigestJob.Key).StoreDurably());
        foreach (var (list, expression) in SafeLists(digest))
        {
            quartz.AddTrigger(trigger => trigger
                .ForJob(SendDigestJob.Key)
                .WithIdentity(SendDigestJob.TriggerName(list.Name), "watcher")
                .UsingJobData(SendDigestJob.ListKey, list.Name)
                .WithCronSchedule(expression, cron => cron
                    .InTimeZone(list.TimeZone)
                    // A digest missed while every instance was down goes out as soon as one is back.
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        }

        // Digest:CheckInterval is validated at start (at least a second).
        var every = digest.CheckInterval;
        quartz.AddJob<RetryDigestsJob>(job => job.WithIdentity(RetryDigestsJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(RetryDigestsJob.Key)
            .WithIdentity("retry-digests-every-interval", "watcher")
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        quartz.AddJob<SendAlertsJob>(job => job.WithIdentity(SendAlertsJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(SendAlertsJob.Key)
            .WithIdentity("send-alerts-every-interval", "watcher")
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(every).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    /// <summary>
    /// A wrong time zone or cron is reported by options validation at start, naming the key
    /// (Digest:Lists:1:Cron ...); here such a list is only left out.
    /// </summary>
    private static List<(DigestList List, CronExpression Cron)> SafeLists(DigestOptions digest)
    {
        IReadOnlyList<DigestList> lists;
        try
        {
            lists = digest.ResolveLists();
        }
        catch (TimeZoneNotFoundException)
        {
            return [];
        }
        var schedulable = new List<(DigestList, CronExpression)>();
        foreach (var list in lists)
        {
            try
            {
                schedulable.Add((list, CronSchedule.Parse(list.Cron)));
            }
            catch (FormatException)
            {
            }
        }
        return schedulable;
    }
}
