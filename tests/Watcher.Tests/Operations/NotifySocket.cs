using System.Net.Sockets;
using System.Text;

namespace Watcher.Tests.Operations;

/// <summary>
/// What systemd listens on for sd_notify(3): a Unix datagram socket, here made by the test. The service
/// finds it through NOTIFY_SOCKET; every datagram it sends (READY=1, WATCHDOG=1, STOPPING=1) is kept in order.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly string _directory;
    private readonly List<string> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket()
    {
        // Unix socket paths are short (108 bytes): a fresh directory under /tmp.
        _directory = Directory.CreateTempSubdirectory("watcher-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveAsync();
    }

    public string Path { get; }

    public IReadOnlyList<string> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public int Count(string message) => Messages.Count(m => m == message);

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds for the messages received, or the process ends.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan within, Func<bool>? gaveUp = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Messages))
                return true;
            if (gaveUp?.Invoke() == true)
                break;
            await Task.Delay(50);
        }
        return condition(Messages);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            // One datagram may carry several newline-separated assignments.
            foreach (var line in Encoding.UTF8.GetString(buffer, 0, received).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lock (_messages)
                    _messages.Add(line);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
