using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using Watcher.Data;
using Watcher.Supervision;

namespace Watcher.Http;

/// <summary>/healthz: what the liveness monitor (and so systemd's watchdog) last concluded.</summary>
internal sealed class LoopsHealthCheck(LivenessMonitor monitor, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var verdict = monitor.Current;
        if (verdict is null)
            return Task.FromResult(HealthCheckResult.Healthy("starting"));
        // The monitor judges every period; a judgement three periods old means its own loop is stuck.
        if (clock.GetUtcNow() - verdict.JudgedAt > monitor.Period * 3)
            return Task.FromResult(HealthCheckResult.Unhealthy($"the liveness monitor has not run since {verdict.JudgedAt:u}"));
        return Task.FromResult(verdict.Alive ? HealthCheckResult.Healthy(verdict.Reason) : HealthCheckResult.Unhealthy(verdict.Reason));
    }
}

/// <summary>/readyz: PostgreSQL answers a query.</summary>
internal sealed class DatabaseHealthCheck(DatabaseProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await probe.ProbeAsync(HttpServices.CheckTimeout, cancellationToken) is { } error
            ? HealthCheckResult.Unhealthy("unreachable: " + error)
            : HealthCheckResult.Healthy();
}

/// <summary>/readyz: every migration of this build is applied, and none the build does not know.</summary>
internal sealed class SchemaHealthCheck(IDbContextFactory<WatcherDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var known = db.Database.GetMigrations().ToList();
            var pending = known.Where(m => !applied.Contains(m)).ToList();
            if (pending.Count > 0)
                return HealthCheckResult.Unhealthy($"{pending.Count} pending migration(s): {string.Join(", ", pending)}; run `watcher migrate`");
            var unknown = applied.Where(m => !known.Contains(m, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
                return HealthCheckResult.Unhealthy($"the database has {unknown.Count} migration(s) this version does not know: {string.Join(", ", unknown)}; a newer Watcher migrated it");
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("not checked: " + DatabaseProbe.OneLine(e));
        }
    }
}

/// <summary>/readyz: the Quartz scheduler has started and is neither in standby nor shut down.</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The hosted service created it before Kestrel started; this finds that one.
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(status switch
            {
                SchedulerStatus.Created => "not started",
                SchedulerStatus.Standby => "in standby",
                SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown => "shut down",
                _ => "status " + status,
            });
    }
}
