using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Watcher.Scheduling;

public static class SchedulingServices
{
    /// <summary>
    /// Quartz with its job store in Watcher's own PostgreSQL database, clustered: several instances on one
    /// database share the work and each job runs on one of them at a time.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Watcher")!;
        services.AddHostedService<StartupTasks>();
        services.AddSingleton<SchedulerHeartbeat>();
        // After the start-up tasks (schema, keywords), before the scheduler starts.
        services.AddHostedService<PollLoop>();
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
            quartz.AddDigestSchedule(configuration);
            quartz.AddJob<PruneJob>(job => job.WithIdentity(PruneJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(PruneJob.Key)
                .WithIdentity("prune-daily", "watcher")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(PruneJob.Every).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            quartz.AddTriggerListener<HeartbeatTriggerListener>();
            // The instance SchedulerLifetime reads.
            quartz.AddJobListener(provider => provider.GetRequiredService<RunningJobs>());
            quartz.AddJob<HeartbeatJob>(job => job.WithIdentity(HeartbeatJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(HeartbeatJob.Key)
                .WithIdentity("heartbeat-every-15s", "watcher")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(HeartbeatJob.Every).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        // Started inside the host's start (StartupTasks, registered first, has migrated by then); on stop a
        // digest being sent finishes, and the process ends even with the database gone (SchedulerLifetime).
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<SchedulerLifetime>();
        services.AddHostedService(provider => provider.GetRequiredService<SchedulerLifetime>());
        return services;
    }
}
