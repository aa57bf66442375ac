using System.CommandLine;
using System.Globalization;
using Watcher.Cli;

// Watcher's own words (help, messages) are English; the framework's around them (Usage:, Options:)
// must not switch to the machine's language. Formats stay the user's: only the UI culture is fixed.
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// `watcher` alone is `watcher run`: the service. Every other command is an admin task on the same host.
var invocation = new InvocationConfiguration
{
    // The Generic Host handles SIGTERM itself and lets a poll in flight finish; don't race it.
    ProcessTerminationTimeout = null,
};
return await WatcherCommands.Create().Parse(args).InvokeAsync(invocation);
