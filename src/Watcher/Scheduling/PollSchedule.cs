using Microsoft.Extensions.Configuration;
using Quartz;
using Watcher.Feeds;

namespace Watcher.Scheduling;

public static class PollSchedule
{
    /// <summary>
    /// The job ticks several times per interval and polls only the feeds that are due: each feed has its
    /// own slot inside the interval (<see cref="PollTiming"/>), so the load is spread, not bunched.
    /// </summary>
    public static void AddPollSchedule(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var polling = configuration.GetSection(PollingOptions.Section).Get<PollingOptions>() ?? new PollingOptions();
        quartz.AddJob<PollFeedsJob>(job => job.WithIdentity(PollFeedsJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger
            .ForJob(PollFeedsJob.Key)
            // Same identity as before the spread, so a stored trigger is replaced, not doubled.
            .WithIdentity("poll-feeds-every-interval", "watcher")
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(PollTiming.Tick(polling.Interval)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
