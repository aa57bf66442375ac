using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>A test that stops and starts the PostgreSQL cluster: skipped, visibly, when the tests use a server they do not own.</summary>
internal sealed class ThrowawayPostgresFactAttribute : FactAttribute
{
    public ThrowawayPostgresFactAttribute()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ExternalServerVariable)))
            Skip = $"stops the database: needs the throwaway cluster, and {PostgresServer.ExternalServerVariable} names a server the tests do not own";
    }
}

/// <summary>A test of the unit file with systemd-analyze: skipped, visibly, where systemd-analyze is not installed.</summary>
internal sealed class SystemdAnalyzeFactAttribute : FactAttribute
{
    public SystemdAnalyzeFactAttribute()
    {
        if (SystemdAnalyze.Path is null)
            Skip = "systemd-analyze is not installed (Debian package systemd): deploy/watcher.service was NOT checked";
    }
}

internal static class SystemdAnalyze
{
    public static readonly string? Path = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
}
