using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Watcher.Tests.EndToEnd;

/// <summary>Watcher's own composition root (with the seeds and appsettings.json it ships), pointed at the test's database and SMTP server.</summary>
internal sealed class WatcherTestHost : IDisposable
{
    private readonly IHost _host;

    /// <param name="clock">Replaces the system clock for every service (the poller, the pruner…).</param>
    public WatcherTestHost(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Watcher"] = connectionString,
            ["Polling:RequestTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            overrides[key] = value;
        var builder = WatcherHost.CreateBuilder(service: false, overrides);
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        _host = builder.Build();
        _host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public void Dispose() => _host.Dispose();
}
