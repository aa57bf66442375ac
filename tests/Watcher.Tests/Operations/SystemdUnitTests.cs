using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Watcher.Tests.Fixtures;
using Xunit;

namespace Watcher.Tests.Operations;

/// <summary>deploy/watcher.service as systemd reads it: `systemd-analyze verify` and `security --offline=true` need no running systemd.</summary>
public sealed partial class SystemdUnitTests
{
    private static string UnitFile => Path.Combine(TestPaths.RepoRoot, "deploy", "watcher.service");

    [SystemdAnalyzeFact]
    public async Task VerifyFindsNothingButTheBinaryNotInstalledHere()
    {
        var (_, output) = await SystemdAnalyzeAsync("verify", UnitFile);
        var complaints = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.Contains("/opt/watcher/watcher is not executable", StringComparison.Ordinal))
            .ToList();
        Assert.True(complaints.Count == 0, "systemd-analyze verify: " + string.Join(Environment.NewLine, complaints));
    }

    [SystemdAnalyzeFact]
    public async Task SecurityExposureStaysAtOrUnderTwo()
    {
        var (exitCode, output) = await SystemdAnalyzeAsync("security", "--offline=true", UnitFile);
        Assert.Equal(0, exitCode);
        var match = Exposure().Match(output);
        Assert.True(match.Success, output);
        var exposure = double.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 2.0, $"exposure {exposure} > 2.0:{Environment.NewLine}{output}");
    }

    [Fact]
    public void TheUnitIsANotifyServiceWithAWatchdog()
    {
        var lines = File.ReadAllLines(UnitFile).Select(l => l.Trim()).ToList();
        Assert.Contains("Type=notify", lines);
        Assert.Contains("NotifyAccess=main", lines);
        Assert.Contains(lines, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("Restart=on-failure", lines);
    }

    private static async Task<(int ExitCode, string Output)> SystemdAnalyzeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(SystemdAnalyze.Path!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Its words and numbers in one language, whatever the machine's.
        start.Environment["LC_ALL"] = "C";
        start.Environment["SYSTEMD_COLORS"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"Overall exposure level for watcher\.service: (?<level>\d+(\.\d+)?)")]
    private static partial Regex Exposure();
}
