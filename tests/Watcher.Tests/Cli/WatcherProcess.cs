using System.Diagnostics;
using System.Text;

namespace Watcher.Tests.Cli;

/// <summary>Runs the built `watcher` executable as a user would, with its settings in the environment.</summary>
internal sealed class WatcherProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private WatcherProcess(IReadOnlyDictionary<string, string> environment, string? stdin, bool keepStdinOpen, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "watcher.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (stdin is not null)
            _process.StandardInput.Write(stdin);
        if (!keepStdinOpen)
            _process.StandardInput.Close();
    }

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public static WatcherProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) => new(environment, null, false, args);

    /// <summary>A command that reads standard input waits, running, until <see cref="CloseStdin"/>.</summary>
    public static WatcherProcess StartReadingStdin(IReadOnlyDictionary<string, string> environment, params string[] args) => new(environment, null, true, args);

    public void WriteStdinLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void CloseStdin() => _process.StandardInput.Close();

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args)
    {
        using var process = new WatcherProcess(environment, stdin, false, args);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.Stdout, process.Stderr);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"watcher did not exit within {timeout}; stdout: {Stdout}; stderr: {Stderr}");
        }
        _process.WaitForExit(); // flush the output readers
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>What systemd and docker send to stop a service.</summary>
    public void SendSigterm() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
