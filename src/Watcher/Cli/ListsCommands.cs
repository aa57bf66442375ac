using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Digest;

namespace Watcher.Cli;

/// <summary>watcher lists [resubscribe &lt;list&gt; &lt;address&gt;]: the recipient lists, who left them, and undoing that.</summary>
public static class ListsCommands
{
    public static Command Create()
    {
        var lists = new Command("lists", "Show each recipient list with its recipients and those who unsubscribed (when, how).");
        lists.Subcommands.Add(Resubscribe());
        return lists.WithServices(async (services, _, ct) =>
        {
            var dispatcher = services.GetRequiredService<DigestDispatcher>();
            var transports = services.GetRequiredService<DigestTransportFactory>();
            var optOuts = (await services.GetRequiredService<ListOptOuts>().AllAsync(ct))
                .ToLookup(o => o.ListName, StringComparer.OrdinalIgnoreCase);
            foreach (var list in dispatcher.Lists)
            {
                var recipients = transports.RecipientsFor(list);
                var left = optOuts[list.Name].ToDictionary(o => o.Address, StringComparer.Ordinal);
                var active = recipients.Count(r => !left.ContainsKey(ListOptOuts.Normalize(r)));
                Console.WriteLine($"{list.Name}: {active} of {recipients.Length} recipient(s) receive it ({list.Language}, '{list.Cron}' in {list.TimeZone.Id})");
                foreach (var recipient in recipients)
                {
                    Console.WriteLine(left.Remove(ListOptOuts.Normalize(recipient), out var optOut)
                        ? $"  {recipient}  unsubscribed {Time(optOut.OptedOutAt)} ({optOut.Method})"
                        : $"  {recipient}");
                }
                foreach (var optOut in left.Values)
                    Console.WriteLine($"  {optOut.Address}  unsubscribed {Time(optOut.OptedOutAt)} ({optOut.Method}); no longer a configured recipient");
            }
            var configured = dispatcher.Lists.Select(l => l.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var gone in optOuts.Where(g => !configured.Contains(g.Key)))
            {
                Console.WriteLine($"{gone.Key}: no longer configured");
                foreach (var optOut in gone)
                    Console.WriteLine($"  {optOut.Address}  unsubscribed {Time(optOut.OptedOutAt)} ({optOut.Method})");
            }
            return CliRunner.Ok;
        });
    }

    private static Command Resubscribe()
    {
        var list = new Argument<string>("list") { Description = "The list's name (Digest:Lists:N:Name, or desk)." };
        var address = new Argument<string>("address") { Description = "The address that unsubscribed." };
        return new Command("resubscribe", "Undo an unsubscribe: the address receives the list again (it must still be among the list's recipients).") { list, address }
            .WithServices(async (services, parse, ct) =>
            {
                var dispatcher = services.GetRequiredService<DigestDispatcher>();
                var name = parse.GetValue(list)!.Trim();
                var who = parse.GetValue(address)!.Trim();
                var configured = dispatcher.Lists.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
                var listName = configured?.Name ?? name;
                if (!await services.GetRequiredService<ListOptOuts>().ResubscribeAsync(listName, who, ct))
                    throw new CliException($"{who} has not unsubscribed from list {listName}; see `watcher lists`");
                var recipients = configured is null ? [] : services.GetRequiredService<DigestTransportFactory>().RecipientsFor(configured);
                Console.WriteLine(recipients.Any(r => ListOptOuts.Normalize(r) == ListOptOuts.Normalize(who))
                    ? $"{who} receives list {listName} again."
                    : $"{who} is no longer opted out of list {listName}, but is not one of its configured recipients: add it to the configuration to send it the list.");
                return CliRunner.Ok;
            });
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
