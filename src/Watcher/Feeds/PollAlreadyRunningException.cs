namespace Watcher.Feeds;

/// <summary>Another process (the service, or another `watcher poll`) is polling the same database.</summary>
public sealed class PollAlreadyRunningException() : InvalidOperationException("another poll is running; try again later");
