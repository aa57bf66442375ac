using Microsoft.Extensions.Configuration;
using Quartz;
using Watcher.Digest;

namespace Watcher.Scheduling;

public static class DigestSchedule
{
    public static void AddDigestSchedule(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var digest = configuration.GetSection(DigestOptions.Section).Get<DigestOptions>() ?? new DigestOptions();
        quartz.AddJob<SendDigestJob>(job => job.WithIdentity(SendDigestJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(SendDigestJob.Key)
            .WithIdentity("send-digest-on-cron", "watcher")
            .WithCronSchedule(CronSchedule.Parse(digest.Cron), cron => cron
                .InTimeZone(digest.ResolveTimeZone())
                // A digest missed while every instance was down goes out as soon as one is back.
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
