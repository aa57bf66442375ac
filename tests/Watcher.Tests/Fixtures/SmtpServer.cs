using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Watcher.Tests.Fixtures;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd with its Mailbox handler, which stores every
/// accepted message in a Maildir. Listens on 127.0.0.1 only, on a port chosen free at creation;
/// Stop/Start keep the port so a test can simulate an outage and recovery.
/// </summary>
public sealed class SmtpServerFixture : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private const string Watchdog = """
        import os, runpy, sys, threading
        def watch():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        sys.argv = ["aiosmtpd"] + sys.argv[1:]
        runpy.run_module("aiosmtpd", run_name="__main__", alter_sys=True)
        """;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);

    private readonly string _root;
    private Process? _process;
    private readonly StringBuilder _output = new();

    public SmtpServerFixture()
    {
        EnsureAiosmtpdInstalled();
        _root = Path.Combine(Path.GetTempPath(), $"watcher-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        Port = FreePort();
        Start();
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The Maildir the server writes to (new/, cur/, tmp/).</summary>
    public string Maildir => Path.Combine(_root, "maildir");

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
            return;

        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Equivalent to: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox MAILDIR,
        // plus a watchdog: stdin is a pipe from this process, so EOF means the test run is gone
        // (even killed) and the server must not outlive it.
        foreach (var arg in new[] { "-c", Watchdog, "-n", "-l", $"{Host}:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir })
            info.ArgumentList.Add(arg);

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {Python} -m aiosmtpd.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;

        var deadline = Stopwatch.StartNew();
        while (!Accepts())
        {
            if (process.HasExited)
                throw new InvalidOperationException(
                    $"aiosmtpd exited with code {process.ExitCode} before listening on {Host}:{Port}. Output:\n{Output}");
            if (deadline.Elapsed > StartupTimeout)
            {
                Kill();
                throw new TimeoutException($"aiosmtpd did not listen on {Host}:{Port} within {StartupTimeout}. Output:\n{Output}");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Kills the server; on return the port refuses connections.</summary>
    public void Stop()
    {
        Kill();
        var deadline = Stopwatch.StartNew();
        while (Accepts())
        {
            if (deadline.Elapsed > StartupTimeout)
                throw new TimeoutException($"{Host}:{Port} still accepts connections after the server was stopped.");
            Thread.Sleep(50);
        }
    }

    /// <summary>Raw RFC 822 texts of every message the server has stored, oldest first.</summary>
    public IReadOnlyList<string> ReceivedMessages()
    {
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(Maildir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        return [.. files.Select(f => File.ReadAllText(f.FullName, Encoding.UTF8))];
    }

    /// <summary>Polls the Maildir until it holds at least <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var messages = ReceivedMessages();
            if (messages.Count >= count)
                return messages;
            if (deadline.Elapsed > timeout)
                throw new TimeoutException(
                    $"Expected {count} message(s) in {Maildir} within {timeout}, found {messages.Count}. Server output:\n{Output}");
            await Task.Delay(50);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private void KillOnExit(object? sender, EventArgs e) => Kill();

    private void Kill()
    {
        var process = _process;
        _process = null;
        if (process is null)
            return;
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private bool Accepts()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Fails loudly: a missing server must never turn into silently skipped mail tests.</summary>
    private static void EnsureAiosmtpdInstalled()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} not found; the SMTP tests need python3 and python3-aiosmtpd (apt-get install python3-aiosmtpd).");

        var info = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "import aiosmtpd.handlers" })
            info.ArgumentList.Add(arg);
        using var probe = Process.Start(info)!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        if (probe.ExitCode != 0)
            throw new InvalidOperationException(
                $"The Python module aiosmtpd is not importable by {Python}; install Debian's python3-aiosmtpd. {error.Trim()}");
    }
}
