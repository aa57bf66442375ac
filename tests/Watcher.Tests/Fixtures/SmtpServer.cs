using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Watcher.Tests.Fixtures;

/// <summary>How the test SMTP server speaks: TLS, accounts, OAuth2 tokens.</summary>
public sealed record SmtpServerOptions
{
    public SmtpServerTls Tls { get; init; }

    /// <summary>The server's certificate and key; required with <see cref="Tls"/>.</summary>
    public TestCertificate? Certificate { get; init; }

    /// <summary>"user:password" accepted with AUTH PLAIN (aiosmtpd offers AUTH only after STARTTLS).</summary>
    public string? Login { get; init; }

    /// <summary>The account for OAuth2 and the bearer tokens the server takes for it.</summary>
    public string? OAuthUser { get; init; }

    public IReadOnlyList<string> OAuthTokens { get; init; } = [];

    /// <summary>XOAUTH2 or OAUTHBEARER.</summary>
    public string OAuthMechanism { get; init; } = "XOAUTH2";

    /// <summary>How long the server waits before answering EHLO, each RCPT TO, or the end of the data (after storing the message).</summary>
    public IReadOnlyDictionary<SmtpStallPoint, TimeSpan> Delays { get; init; } = new Dictionary<SmtpStallPoint, TimeSpan>();

    /// <summary>Each delay applies to its first occurrence only.</summary>
    public bool DelayOnce { get; init; }

    /// <summary>The end of the data is answered 554 and nothing is stored.</summary>
    public bool RefuseData { get; init; }
}

/// <summary>Where the test server can hold a client: still connecting, in the dialogue, or after the message data.</summary>
public enum SmtpStallPoint { Ehlo, Rcpt, Data }

public enum SmtpServerTls
{
    None,

    /// <summary>STARTTLS offered and required before MAIL (aiosmtpd's default with a certificate).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS).</summary>
    Implicit,
}

public sealed class SmtpServerFixture : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string HandlerModule = "watcher_test_smtp";

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
    private readonly SmtpServerOptions _options;
    private Process? _process;
    private readonly StringBuilder _output = new();

    public SmtpServerFixture(SmtpServerOptions? options = null)
    {
        _options = options ?? new SmtpServerOptions();
        if (_options.Tls != SmtpServerTls.None && _options.Certificate is null)
            throw new ArgumentException("A TLS server needs a certificate.", nameof(options));
        EnsureAiosmtpdInstalled();
        _root = Path.Combine(Path.GetTempPath(), $"watcher-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", HandlerModule + ".py"), Path.Combine(_root, HandlerModule + ".py"));
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
        // Equivalent to: python3 -m aiosmtpd -n -l 127.0.0.1:PORT [TLS] -c watcher_test_smtp.TestMailbox MAILDIR [OPTIONS],
        // plus a watchdog: stdin is a pipe from this process, so EOF means the test run is gone
        // (even killed) and the server must not outlive it.
        info.Environment["PYTHONPATH"] = _root;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var arg in Arguments())
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

    private IEnumerable<string> Arguments()
    {
        string[] start = ["-c", Watchdog, "-n", "-l", $"{Host}:{Port}"];
        var tls = _options.Tls switch
        {
            SmtpServerTls.StartTls => ["--tlscert", _options.Certificate!.CertificatePath, "--tlskey", _options.Certificate.KeyPath],
            SmtpServerTls.Implicit => ["--smtpscert", _options.Certificate!.CertificatePath, "--smtpskey", _options.Certificate.KeyPath],
            _ => Array.Empty<string>(),
        };
        var handler = new List<string> { "-c", $"{HandlerModule}.TestMailbox", Maildir };
        if (_options.Login is not null)
            handler.Add("login=" + _options.Login);
        if (_options.OAuthUser is not null)
        {
            handler.Add("oauth-user=" + _options.OAuthUser);
            handler.Add("oauth-mechanism=" + _options.OAuthMechanism);
            handler.AddRange(_options.OAuthTokens.Select(t => "oauth-token=" + t));
        }
        foreach (var (point, delay) in _options.Delays)
            handler.Add($"delay-{PointName(point)}={delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (_options.DelayOnce)
            handler.Add("delay-once=1");
        if (_options.RefuseData)
            handler.Add("refuse-data=1");
        return [.. start, .. tls, .. handler];
    }

    /// <summary>How many times the server has started to hold a client at <paramref name="point"/>.</summary>
    public int StallCount(SmtpStallPoint point)
    {
        var marker = Path.Combine(_root, "stalled-" + PointName(point));
        return File.Exists(marker) ? File.ReadAllLines(marker).Length : 0;
    }

    /// <summary>Polls until the server holds a client at <paramref name="point"/>.</summary>
    public async Task WaitForStallAsync(SmtpStallPoint point, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (StallCount(point) == 0)
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"The SMTP server never held a client at {point} within {timeout}. Server output:\n{Output}");
            await Task.Delay(20);
        }
    }

    private static string PointName(SmtpStallPoint point) => point.ToString().ToLowerInvariant();

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

    /// <summary>Every message the server has stored, oldest first, parsed by MimeKit.</summary>
    public IReadOnlyList<MimeMessage> ReceivedMessages()
    {
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(Maildir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal);
        return [.. files.Select(f => MimeMessage.Load(f.FullName))];
    }

    /// <summary>Polls the Maildir until it holds at least <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
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
        foreach (var arg in new[] { "-c", "import aiosmtpd.handlers, aiosmtpd.smtp" })
            info.ArgumentList.Add(arg);
        using var probe = Process.Start(info)!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        if (probe.ExitCode != 0)
            throw new InvalidOperationException(
                $"The Python module aiosmtpd is not importable by {Python}; install Debian's python3-aiosmtpd. {error.Trim()}");
    }
}
