using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Feeds;
using Xunit;

namespace Watcher.Tests.Feeds;

/// <summary>
/// A server that drops idle keep-alive connections: the fetcher's pooled connection is dead when the
/// next poll uses it, and the GET is retried once on a fresh connection, as browsers do.
/// </summary>
public sealed class StaleConnectionTests
{
    [Theory]
    [InlineData(DropMode.AfterResponse)]
    [InlineData(DropMode.OnNextRequest)]
    [InlineData(DropMode.ResetOnNextRequest)]
    public async Task A_dead_pooled_connection_is_retried_once_on_a_fresh_one(DropMode mode)
    {
        await using var server = KeepAliveDroppingServer.Start(mode);
        // The fetcher as the service registers it (IHttpClientFactory, its pooled handler).
        var services = new ServiceCollection().AddSingleton(TimeProvider.System)
            .AddFeeds(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Polling:RequestTimeout"] = "00:00:10" }).Build());
        await using var provider = services.BuildServiceProvider();
        var fetcher = provider.GetRequiredService<FeedFetcher>();

        var first = await fetcher.FetchAsync(server.Url, null, null, default);
        var second = await fetcher.FetchAsync(server.Url, null, null, default);

        Assert.Equal(FetchStatus.Fetched, first.Status);
        Assert.True(second.Status == FetchStatus.Fetched, $"second poll: [{second.ErrorKind}] {second.Error}");
        Assert.Equal(2, server.Responses);
    }

    public enum DropMode
    {
        /// <summary>FIN right after the response: the client sees it before reusing the connection.</summary>
        AfterResponse,

        /// <summary>The next request is read, then FIN without an answer.</summary>
        OnNextRequest,

        /// <summary>
        /// The idle timeout fires as the next request arrives: the socket is closed with that request
        /// unread, so the kernel answers with a reset (what servers closing idle connections do).
        /// </summary>
        ResetOnNextRequest,
    }

    /// <summary>
    /// Raw HTTP/1.1 on 127.0.0.1: answers one request per connection with "Connection: keep-alive",
    /// then drops the connection — either at once, or when the next request arrives, unanswered
    /// (what a server whose idle timeout fires as the client reuses the connection does).
    /// </summary>
    private sealed class KeepAliveDroppingServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly DropMode _mode;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _responses;

        private KeepAliveDroppingServer(DropMode mode)
        {
            _mode = mode;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = AcceptAsync();
        }

        public static KeepAliveDroppingServer Start(DropMode mode) => new(mode);

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/feed.xml";

        public int Responses => Volatile.Read(ref _responses);

        private async Task AcceptAsync()
        {
            // Bounded: a test makes a handful of connections.
            for (var i = 0; i < 10 && !_stop.IsCancellationRequested; i++)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = ServeOneAsync(socket);
            }
        }

        private async Task ServeOneAsync(Socket socket)
        {
            using (socket)
            {
                try
                {
                    await ReadRequestAsync(socket);
                    var body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><guid>1</guid></item></channel></rss>");
                    var head = Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {body.Length}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n");
                    Interlocked.Increment(ref _responses);
                    await socket.SendAsync(head.Concat(body).ToArray(), SocketFlags.None, _stop.Token);
                    if (_mode == DropMode.OnNextRequest)
                        await ReadRequestAsync(socket);
                    else if (_mode == DropMode.ResetOnNextRequest)
                        await socket.ReceiveAsync(new byte[1], SocketFlags.Peek, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
                {
                }
            }
        }

        private async Task ReadRequestAsync(Socket socket)
        {
            var buffer = new byte[8192];
            var received = new StringBuilder();
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                    throw new IOException("client closed");
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
