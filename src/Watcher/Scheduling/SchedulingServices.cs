using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Watcher.Digest;
using Watcher.Feeds;

namespace Watcher.Scheduling;

public static class SchedulingServices
{
    /// <summary>
    /// Quartz with its job store in Watcher's own PostgreSQL database, clustered: several instances on one
    /// database share the work and each job runs on one of them at a time.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var polling = configuration.GetSection(PollingOptions.Section).Get<PollingOptions>() ?? new PollingOptions();
        var digest = configuration.GetSection(DigestOptions.Section).Get<DigestOptions>() ?? new DigestOptions();
        var connectionString = configuration.GetConnectionString("Watcher")!;

        services.AddHostedService<StartupTasks>();
        services.AddQuartz(quartz =>
        {
            // Clustered, each instance derives its own id; the name is what the instances share.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = "watcher");
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster => cluster.CheckinInterval = TimeSpan.FromSeconds(15));
                store.ConfigureStore(options => options.SchemaProvisioning = SchemaProvisioning.CreateIfMissing);
            });

            quartz.AddJob<PollFeedsJob>(job => job.WithIdentity(PollFeedsJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(PollFeedsJob.Key)
                .WithIdentity("poll-feeds-every-interval", "watcher")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(polling.Interval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            quartz.AddJob<SendDigestJob>(job => job.WithIdentity(SendDigestJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(SendDigestJob.Key)
                .WithIdentity("send-digest-on-cron", "watcher")
                .WithCronSchedule(CronSchedule.Parse(digest.Cron), cron => cron
                    .InTimeZone(digest.ResolveTimeZone())
                    // A digest missed while every instance was down goes out as soon as one is back.
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        services.AddQuartzHostedService(options =>
        {
            // A poll in flight finishes (or is cancelled and rolled back) before the process exits.
            options.WaitForJobsToComplete = true;
        });
        return services;
    }
}
