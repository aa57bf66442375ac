using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Feeds;
using Watcher.Scheduling;

namespace Watcher.Cli;

/// <summary>run, migrate, poll: the service and its one-off equivalents.</summary>
public static class ServiceCommands
{
    public static Command Run()
    {
        var command = new Command("run", "Run the service: poll feeds on schedule and send the daily digest (the default command).");
        command.SetAction((_, ct) => RunServiceAsync(ct));
        return command;
    }

    public static Task<int> RunServiceAsync(CancellationToken ct) => CliRunner.GuardAsync(async () =>
    {
        using var host = WatcherHost.BuildService();
        // Checked before the host starts: a wrong setting is one line naming the key (exit 2), not the
        // host's "failed to start" log with a stack trace.
        host.Services.GetService<IStartupValidator>()?.Validate();
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What started before the failure (the scheduler, when Kestrel cannot bind) is not stopped by
            // the host; left running, its threads would keep the process alive.
            await host.StopAsync(CancellationToken.None);
            throw;
        }
        await host.WaitForShutdownAsync(ct);
        if (host.Services.GetRequiredService<SchedulerLifetime>().Abandoned)
        {
            // Everything of ours has stopped; Quartz's threads, retrying a database that is gone, would
            // keep the process alive (and disposing the host would wait on them): the log is flushed and
            // the process ends here.
            host.Services.GetRequiredService<ILoggerFactory>().Dispose();
            Environment.Exit(CliRunner.Ok);
        }
        return CliRunner.Ok;
    });

    public static Command Migrate() =>
        new Command("migrate", "Create or upgrade the database schema.").WithServices(async (services, _, ct) =>
        {
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            Console.WriteLine(applied == 0 ? "Schema already up to date." : $"Applied {applied} migration(s); schema up to date.");
            return CliRunner.Ok;
        });

    public static Command Poll() =>
        new Command("poll", "Poll every feed once now and print a summary (failed feeds are listed, they don't fail the command).")
            .WithServices(async (services, _, ct) =>
            {
                var summary = await services.GetRequiredService<FeedPoller>().PollAsync(force: true, ct);
                foreach (var feed in summary.Feeds)
                {
                    Console.WriteLine(feed.Status == FetchStatus.Failed
                        ? $"FAILED     {feed.Url}  [{feed.ErrorKind}] {feed.Error}"
                        : $"{(feed.Status == FetchStatus.NotModified ? "unchanged" : "ok"),-10} {feed.Url}  {feed.Items} item(s), {feed.NewItems} new, {feed.NewHits} hit(s)");
                }
                Console.WriteLine($"{summary.Feeds.Count} feed(s): {summary.Fetched} fetched, {summary.NotModified} unchanged, {summary.Failed} failed; {summary.NewItems} new item(s), {summary.NewHits} new hit(s).");
                return CliRunner.Ok;
            });
}
