using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Http.Admin;

namespace Watcher.Cli;

/// <summary>watcher users add|list|remove: who may sign in to the admin pages.</summary>
public static class UsersCommands
{
    public static Command Create()
    {
        var users = new Command("users", "Manage who may sign in to the admin pages (/admin).");
        users.Subcommands.Add(Add());
        users.Subcommands.Add(List());
        users.Subcommands.Add(Remove());
        return users;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The user's name (letters, digits, . _ @ -; compared without regard to case)." };
        var reset = new Option<bool>("--reset") { Description = "The user exists: set a new password (their open sessions end)." };
        return new Command("add", $"Add a user; the password (at least {AdminUserStore.MinPasswordChars} characters) is read from standard input: typed twice without echo on a terminal, the first line from a pipe.") { name, reset }
            .WithServices(async (services, parse, ct) =>
            {
                var user = AdminUserStore.NormalizeName(parse.GetValue(name)!);
                var password = ReadPassword();
                AdminUserStore.CheckPassword(password);
                var outcome = await services.GetRequiredService<AdminUserStore>().AddAsync(user, password, parse.GetValue(reset), ct);
                switch (outcome)
                {
                    case AddUserOutcome.AlreadyExists:
                        throw new CliException($"user '{user}' already exists; `watcher users add {user} --reset` sets a new password");
                    case AddUserOutcome.PasswordReset:
                        Console.WriteLine($"Password of '{user}' changed; their open sessions are ended.");
                        break;
                    default:
                        Console.WriteLine($"User '{user}' added: sign in at /admin/login.");
                        break;
                }
                return CliRunner.Ok;
            });
    }

    private static Command List() =>
        new Command("list", "List users: name, when added, last login (UTC).").WithServices(async (services, _, ct) =>
        {
            var users = await services.GetRequiredService<AdminUserStore>().ListAsync(ct);
            if (users.Count == 0)
            {
                Console.WriteLine("No users yet: `watcher users add <name>` adds one.");
                return CliRunner.Ok;
            }
            Console.WriteLine($"{"NAME",-24} {"ADDED (UTC)",-16} LAST LOGIN (UTC)");
            foreach (var user in users)
                Console.WriteLine($"{user.Name,-24} {Time(user.CreatedAt),-16} {(user.LastLoginAt is { } last ? Time(last) : "never")}");
            return CliRunner.Ok;
        });

    private static Command Remove()
    {
        var name = new Argument<string>("name");
        return new Command("remove", "Remove a user; their open sessions end at their next request.") { name }
            .WithServices(async (services, parse, ct) =>
            {
                if (!await services.GetRequiredService<AdminUserStore>().RemoveAsync(parse.GetValue(name)!, ct))
                    throw new CliException($"no user '{parse.GetValue(name)}'");
                Console.WriteLine($"User '{AdminUserStore.NormalizeName(parse.GetValue(name)!)}' removed.");
                return CliRunner.Ok;
            });
    }

    /// <summary>The first line of a pipe (scripts), or typed twice without echo on a terminal.</summary>
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine()?.TrimEnd('\r') ?? throw new CliException("no password on standard input");
        var first = Prompt("Password: ");
        AdminUserStore.CheckPassword(first);
        if (Prompt("Again: ") != first)
            throw new CliException("the two passwords differ; nothing changed");
        return first;
    }

    private static string Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                    typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
