using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Watcher.Scheduling;
using Xunit;

namespace Watcher.Tests.Digest;

/// <summary>Quartz gets one cron trigger per list, in the list's zone, and the alert and retry jobs.</summary>
public sealed class DigestScheduleTests
{
    [Fact]
    public async Task Each_list_has_its_own_cron_trigger_in_its_own_time_zone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Digest:CheckInterval"] = "00:02:00",
            ["Digest:Lists:0:Name"] = "bamako",
            ["Digest:Lists:0:Cron"] = "0 0 7 * * ?",
            ["Digest:Lists:0:TimeZone"] = "Africa/Bamako",
            ["Digest:Lists:1:Name"] = "paris",
            ["Digest:Lists:1:Cron"] = "0 7 * * *",
            ["Digest:Lists:1:TimeZone"] = "Europe/Paris",
        }).Build();
        var services = new ServiceCollection();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s => s.InstanceName = $"digest-schedule-test-{Guid.NewGuid():N}");
            quartz.UseInMemoryStore();
            quartz.AddDigestSchedule(configuration);
        });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            foreach (var (list, zoneId) in new[] { ("bamako", "Africa/Bamako"), ("paris", "Europe/Paris") })
            {
                var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey(SendDigestJob.TriggerName(list), "watcher")));
                Assert.Equal(SendDigestJob.Key, trigger.JobKey);
                Assert.Equal(list, trigger.JobDataMap.GetString(SendDigestJob.ListKey));
                Assert.Equal(zoneId, trigger.TimeZone.Id);
                // The trigger starts on the real clock, so the expectation is computed from its own start:
                // the next 07:00 on the list's wall clock, whatever today is.
                var from = trigger.StartTimeUtc;
                Assert.Equal(NextLocalSeven(from, TimeZoneInfo.FindSystemTimeZoneById(zoneId)), trigger.GetFireTimeAfter(from));
            }
            var digestTriggers = await scheduler.GetTriggersOfJob(SendDigestJob.Key);
            Assert.Equal(2, digestTriggers.Count);
            foreach (var job in new[] { SendAlertsJob.Key, RetryDigestsJob.Key })
            {
                var repeat = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(job)));
                Assert.Equal(TimeSpan.FromMinutes(2), repeat.RepeatInterval);
            }
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    /// <summary>The first instant after <paramref name="from"/> that reads 07:00:00 in <paramref name="zone"/>.</summary>
    private static DateTimeOffset NextLocalSeven(DateTimeOffset from, TimeZoneInfo zone)
    {
        var localDay = TimeZoneInfo.ConvertTime(from, zone).Date;
        for (var day = localDay; ; day = day.AddDays(1))
        {
            var seven = day.AddHours(7);
            var candidate = new DateTimeOffset(seven, zone.GetUtcOffset(seven));
            if (candidate > from)
                return candidate.ToUniversalTime();
        }
    }
}
