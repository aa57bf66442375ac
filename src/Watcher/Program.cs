using System.CommandLine;
using Watcher.Cli;

// `watcher` alone is `watcher run`: the service. Every other command is an admin task on the same host.
var invocation = new InvocationConfiguration
{
    // The Generic Host handles SIGTERM itself and lets a poll in flight finish; don't race it.
    ProcessTerminationTimeout = null,
};
return await WatcherCommands.Create().Parse(args).InvokeAsync(invocation);
