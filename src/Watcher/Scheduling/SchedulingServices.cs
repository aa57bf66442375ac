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
        });
        services.AddQuartzHostedService(options =>
        {
            // A digest being sent finishes before the process exits (the poll loop finishes its own feeds).
            options.WaitForJobsToComplete = true;
        });
        return services;
    }
}
