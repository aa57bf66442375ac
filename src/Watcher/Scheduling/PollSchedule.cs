using Microsoft.Extensions.Configuration;
using Quartz;
using Watcher.Feeds;

namespace Watcher.Scheduling;

public static class PollSchedule
{
    public static void AddPollSchedule(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var polling = configuration.GetSection(PollingOptions.Section).Get<PollingOptions>() ?? new PollingOptions();
        quartz.AddJob<PollFeedsJob>(job => job.WithIdentity(PollFeedsJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(PollFeedsJob.Key)
            .WithIdentity("poll-feeds-every-interval", "watcher")
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(polling.Interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
