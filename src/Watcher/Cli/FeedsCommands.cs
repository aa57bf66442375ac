using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Data;
using Watcher.Feeds;

namespace Watcher.Cli;

/// <summary>watcher feeds add|list|remove|reset|check|import|export.</summary>
public static class FeedsCommands
{
    public static Command Create()
    {
        var feeds = new Command("feeds", "Manage the feeds Watcher polls.");
        feeds.Subcommands.Add(Add());
        feeds.Subcommands.Add(List());
        feeds.Subcommands.Add(Remove());
        feeds.Subcommands.Add(Reset());
        feeds.Subcommands.Add(FeedCheckCommand.Create());
        feeds.Subcommands.Add(FeedsOpmlCommands.Import());
        feeds.Subcommands.Add(FeedsOpmlCommands.Export());
        return feeds;
    }

    private static Command Add()
    {
        var url = new Argument<string>("url") { Description = "The feed's http(s) URL." };
        var name = new Option<string?>("--name") { Description = "A name for the feed, shown in the digest." };
        var label = new Option<string?>("--label")
        {
            Description = $"What kind of outlet it is (state media, wire, local press…), shown beside its name in the digest; at most {Feed.MaxLabelChars} characters, \"\" removes it.",
        };
        return new Command("add", "Add a feed (adding a URL twice changes nothing but its name and label).") { url, name, label }
            .WithServices(async (services, parse, ct) =>
            {
                var (feed, added) = await services.GetRequiredService<FeedRegistry>().AddAsync(parse.GetValue(url)!, parse.GetValue(name), parse.GetValue(label), ct);
                Console.WriteLine((added ? $"Added {feed.Url}" : $"Already there: {feed.Url}") + (feed.Label is { } shown ? $" [{shown}]" : ""));
                return CliRunner.Ok;
            });
    }

    private static Command List() =>
        new Command("list", "List feeds with their name, label, status, failures in a row, last success, next poll, last error and last warning.").WithServices(async (services, _, ct) =>
        {
            var feeds = await services.GetRequiredService<FeedRegistry>().ListAsync(ct);
            if (feeds.Count == 0)
            {
                Console.WriteLine("No feeds yet: add one with `watcher feeds add <url>`.");
                return CliRunner.Ok;
            }
            Console.WriteLine($"{"URL",-50} {"NAME",-20} {"LABEL",-15} {"STATUS",-10} {"FAILS",5} {"LAST SUCCESS",-17} {"NEXT POLL",-17} LAST ERROR");
            foreach (var feed in feeds)
                Console.WriteLine(Row(feed));
            return CliRunner.Ok;
        });

    internal static string Row(Feed feed) =>
        $"{feed.Url,-50} {feed.Name ?? "-",-20} {feed.Label ?? "-",-15} {Status(feed),-10} {feed.ConsecutiveFailures,5} {Time(feed.LastSuccessAt),-17} " +
        $"{(feed.Enabled ? Time(feed.NextPollAt ?? feed.CreatedAt) : "never"),-17} " +
        (feed.LastError is null ? "-" : $"[{feed.LastErrorKind}] {feed.LastError}") +
        (feed.DisabledReason is null ? "" : $" (disabled: {feed.DisabledReason})") +
        (feed.LastWarning is null ? "" : $" (warning: {feed.LastWarning})");

    private static Command Remove()
    {
        var url = new Argument<string>("url") { Description = "The feed's URL as listed." };
        return new Command("remove", "Remove a feed and what was stored for it.") { url }
            .WithServices(async (services, parse, ct) =>
            {
                var removed = await services.GetRequiredService<FeedRegistry>().RemoveAsync(parse.GetValue(url)!, ct);
                if (!removed)
                    throw new CliException($"no feed with URL {parse.GetValue(url)}");
                Console.WriteLine($"Removed {parse.GetValue(url)}");
                return CliRunner.Ok;
            });
    }

    private static Command Reset()
    {
        var url = new Argument<string>("url") { Description = "The feed's URL as listed." };
        return new Command("reset", "Retry a failing or disabled feed at the next poll: failures cleared, feed enabled, full fetch.") { url }
            .WithServices(async (services, parse, ct) =>
            {
                if (!await services.GetRequiredService<FeedRegistry>().ResetAsync(parse.GetValue(url)!, ct))
                    throw new CliException($"no feed with URL {parse.GetValue(url)}");
                Console.WriteLine($"Reset {parse.GetValue(url)}: enabled, failures cleared, polled at the next poll");
                return CliRunner.Ok;
            });
    }

    internal static string Status(Feed feed) =>
        !feed.Enabled ? "disabled"
        : feed.ConsecutiveFailures > 0 ? "failing"
        : feed.LastSuccessAt is null ? "new"
        : "ok";

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm") ?? "-";
}
