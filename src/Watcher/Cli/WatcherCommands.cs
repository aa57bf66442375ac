using System.CommandLine;

namespace Watcher.Cli;

/// <summary>The command tree of the one executable.</summary>
public static class WatcherCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Watcher: follows news feeds for stories on Mali–Russia relations and mails a daily digest.");
        var run = ServiceCommands.Run();
        root.Subcommands.Add(run);
        root.Subcommands.Add(ServiceCommands.Migrate());
        root.Subcommands.Add(ServiceCommands.Poll());
        root.Subcommands.Add(FeedsCommands.Create());
        root.Subcommands.Add(KeywordsCommands.Create());
        root.Subcommands.Add(DigestCommands.Create());
        root.Subcommands.Add(ListsCommands.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(FeedbackCommands.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(UsersCommands.Create());
        root.SetAction((_, ct) => ServiceCommands.RunServiceAsync(ct));
        return root;
    }

    /// <summary>Binds an admin command to an action that runs on the host's services.</summary>
    public static Command WithServices(this Command command, Func<IServiceProvider, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction((parse, ct) => CliRunner.RunAsync((services, token) => action(services, parse, token), ct));
        return command;
    }
}
