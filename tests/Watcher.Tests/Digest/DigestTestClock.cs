using Microsoft.Extensions.Logging;

namespace Watcher.Tests.Digest;

/// <summary>A clock the test moves by hand, so back-off and "a day without a digest" need no waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Keeps every log record, so a test can check what an admin would read.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, int EventId, string Message)> _records = [];

    public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Records
    {
        get { lock (_records) return [.. _records]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_records)
            _records.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
