using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Watcher.Tests.Fixtures;

/// <summary>A real HTTP server on 127.0.0.1 (ephemeral port) serving whatever routes a test registers.</summary>
public sealed class FeedServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RequestRecord> _requests = new();
    private WebApplication? _app;
    private Uri? _baseUri;

    /// <summary>http://127.0.0.1:port/ once started.</summary>
    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The feed server is not started.");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RequestRecord> Requests => [.. _requests];

    /// <summary>Creates and starts a server; dispose it to stop Kestrel.</summary>
    public static async Task<FeedServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FeedServer();
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    /// <summary>Absolute URL of <paramref name="path"/> (a leading slash is optional; a query string is kept).</summary>
    public Uri UrlFor(string path) => new(BaseUri, path.StartsWith('/') ? path : "/" + path);

    /// <summary>Requests whose path is <paramref name="path"/>.</summary>
    public IReadOnlyList<RequestRecord> RequestsFor(string path)
    {
        var normalized = NormalizePath(path);
        return [.. _requests.Where(r => string.Equals(r.Path, normalized, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Serves a fixed body with a strong ETag (hash of the body) and Last-Modified, answering 304 to a
    /// matching If-None-Match, or (without If-None-Match) to an If-Modified-Since not older than it.
    /// Serving the same path again replaces the content, which changes the ETag.
    /// </summary>
    public void Serve(string path, byte[] body, string contentType, DateTimeOffset? lastModified = null) =>
        Respond(path, FeedServerResponses.Content(body, contentType, lastModified ?? DateTimeOffset.UtcNow));

    /// <summary>Like <see cref="Serve"/> with the file's bytes as read now.</summary>
    public void ServeFile(string path, string filePath, string contentType, DateTimeOffset? lastModified = null) =>
        Serve(path, File.ReadAllBytes(filePath), contentType, lastModified);

    /// <summary>Answers <paramref name="path"/> with a custom handler (errors, redirects, slow or huge bodies...).</summary>
    public void Respond(string path, Func<HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _routes[NormalizePath(path)] = handler;
    }

    /// <summary>Removes a route; the path answers 404 afterwards.</summary>
    public void Remove(string path) => _routes.TryRemove(NormalizePath(path), out _);

    /// <summary>Forgets all routes and the request log (for a server shared by several tests).</summary>
    public void Reset()
    {
        _routes.Clear();
        _requests.Clear();
    }

    Task IAsyncLifetime.InitializeAsync() => StartCoreAsync(CancellationToken.None);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
        {
            return;
        }

        // Slow handlers observe RequestAborted; don't wait the host's default 30 s for them.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _app = null;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            return;
        }

        // The empty builder reads no appsettings.json or ASPNETCORE_* variables, so nothing can
        // move the server off loopback or make it chatty.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        _baseUri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        _requests.Enqueue(new RequestRecord(
            path,
            request.QueryString.Value ?? string.Empty,
            request.Method,
            NullIfEmpty(request.Headers.IfNoneMatch.ToString()),
            NullIfEmpty(request.Headers.IfModifiedSince.ToString()),
            NullIfEmpty(request.Headers.UserAgent.ToString()),
            DateTimeOffset.UtcNow));

        if (_routes.TryGetValue(path, out var handler))
        {
            return handler(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static string NormalizePath(string path)
    {
        var withoutQuery = path.Split('?', 2)[0];
        return withoutQuery.StartsWith('/') ? withoutQuery : "/" + withoutQuery;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
