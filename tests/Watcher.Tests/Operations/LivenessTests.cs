using Watcher.Supervision;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>When the service counts as stuck (systemd's watchdog stops, /healthz 503): a pure judgement on times.</summary>
public sealed class LivenessTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthOptions Limits = new() { DatabaseOutageLimit = TimeSpan.FromMinutes(5), SchedulerStallLimit = TimeSpan.FromMinutes(2) };

    [Fact]
    public void AliveWhileTheSchedulerFiresAndTheDatabaseAnswers()
    {
        var verdict = Liveness.Judge(Start.AddHours(1), new LivenessFacts(Start, Start.AddHours(1).AddSeconds(-20), null, Start), Limits);
        Assert.True(verdict.Alive);
    }

    [Fact]
    public void StuckWhenTheSchedulerFiredNothingForLongerThanTheStallLimit()
    {
        var lastTick = Start.AddMinutes(10);
        Assert.True(Liveness.Judge(lastTick + Limits.SchedulerStallLimit, new LivenessFacts(Start, lastTick, null, Start), Limits).Alive);
        var verdict = Liveness.Judge(lastTick + Limits.SchedulerStallLimit + TimeSpan.FromSeconds(1), new LivenessFacts(Start, lastTick, null, Start), Limits);
        Assert.False(verdict.Alive);
        Assert.Equal("scheduler", verdict.Part);
        Assert.Contains("Health:SchedulerStallLimit", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASchedulerThatNeverFiredIsJudgedFromWhenMonitoringBegan()
    {
        Assert.True(Liveness.Judge(Start.AddMinutes(1), new LivenessFacts(Start, null, null, Start), Limits).Alive);
        Assert.False(Liveness.Judge(Start.AddMinutes(3), new LivenessFacts(Start, null, null, Start), Limits).Alive);
    }

    [Fact]
    public void ADatabaseOutageIsToleratedUpToItsLimitWhateverTheScheduler()
    {
        var down = Start.AddMinutes(30);
        // The scheduler's store is that database: it cannot fire during the outage, and that is not held against it.
        var within = Liveness.Judge(down.AddMinutes(4), new LivenessFacts(Start, down.AddSeconds(-5), down, null), Limits);
        Assert.True(within.Alive);
        var beyond = Liveness.Judge(down.AddMinutes(5).AddSeconds(1), new LivenessFacts(Start, down.AddSeconds(-5), down, null), Limits);
        Assert.False(beyond.Alive);
        Assert.Equal("database", beyond.Part);
        Assert.Contains("Health:DatabaseOutageLimit", beyond.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterAnOutageTheSchedulerGetsAFullStallLimitToCatchUp()
    {
        var lastTick = Start.AddMinutes(30);
        var back = lastTick.AddMinutes(4);
        Assert.True(Liveness.Judge(back.AddMinutes(1), new LivenessFacts(Start, lastTick, null, back), Limits).Alive);
        Assert.False(Liveness.Judge(back.AddMinutes(3), new LivenessFacts(Start, lastTick, null, back), Limits).Alive);
    }
}
