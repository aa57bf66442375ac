using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Watcher.Tests.Fixtures;

/// <summary>Ready-made handlers for <see cref="FeedServer.Respond"/>.</summary>
public static class FeedServerResponses
{
    /// <summary>The strong ETag <see cref="Content"/> sends for <paramref name="body"/>.</summary>
    public static string ETagFor(byte[] body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"";

    /// <summary>200 with ETag and Last-Modified, or 304 when the request's validators still match.</summary>
    public static Func<HttpContext, Task> Content(byte[] body, string contentType, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(body);
        var etag = new EntityTagHeaderValue(ETagFor(body));
        // HTTP dates carry whole seconds; comparing finer values would never answer 304.
        var modified = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        return async context =>
        {
            var response = context.Response;
            var headers = response.GetTypedHeaders();
            headers.ETag = etag;
            headers.LastModified = modified;
            if (IsNotModified(context.Request, etag, modified))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await response.Body.WriteAsync(body, context.RequestAborted);
            }
        };
    }

    /// <summary>A bare status (500, 410, 429...), with Retry-After in seconds when given.</summary>
    public static Func<HttpContext, Task> Status(int statusCode, TimeSpan? retryAfter = null, string? body = null) =>
        async context =>
        {
            context.Response.StatusCode = statusCode;
            if (retryAfter is { } delay)
            {
                context.Response.Headers.RetryAfter = ((long)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            if (body is not null)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(body, context.RequestAborted);
            }
        };

    /// <summary>A redirect (301 by default) to <paramref name="location"/> (absolute, or a path on this server).</summary>
    public static Func<HttpContext, Task> Redirect(string location, int statusCode = StatusCodes.Status301MovedPermanently) =>
        context =>
        {
            context.Response.StatusCode = statusCode;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        };

    /// <summary>Sends <paramref name="body"/> in small chunks with a pause between them, until done or aborted.</summary>
    public static Func<HttpContext, Task> SlowDrip(byte[] body, string contentType, int chunkSize, TimeSpan pause) =>
        async context =>
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            try
            {
                for (var offset = 0; offset < body.Length; offset += chunkSize)
                {
                    var length = Math.Min(chunkSize, body.Length - offset);
                    await context.Response.Body.WriteAsync(body.AsMemory(offset, length), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(pause, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout) or the server is stopping: both are what the test wants.
            }
        };

    /// <summary>
    /// A body of <paramref name="totalBytes"/> that starts like an RSS document and goes on with filler,
    /// generated while sent; without Content-Length when <paramref name="declareLength"/> is false.
    /// </summary>
    public static Func<HttpContext, Task> Huge(long totalBytes, string contentType = "application/rss+xml", bool declareLength = true) =>
        async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = contentType;
            if (declareLength)
            {
                context.Response.ContentLength = totalBytes;
            }

            var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>");
            var filler = new byte[64 * 1024];
            Array.Fill(filler, (byte)'x');
            try
            {
                var sent = (long)Math.Min(head.Length, totalBytes);
                await context.Response.Body.WriteAsync(head.AsMemory(0, (int)sent), context.RequestAborted);
                while (sent < totalBytes)
                {
                    var length = (int)Math.Min(filler.Length, totalBytes - sent);
                    await context.Response.Body.WriteAsync(filler.AsMemory(0, length), context.RequestAborted);
                    sent += length;
                }
            }
            catch (OperationCanceledException)
            {
                // The client stopped reading at its size limit.
            }
            catch (IOException)
            {
                // Same, seen as a reset connection.
            }
        };

    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var headers = request.GetTypedHeaders();
        // RFC 9110 13.1.3: If-None-Match, when present, decides alone (weak comparison).
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            return headers.IfNoneMatch.Any(candidate =>
                candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
        }

        return headers.IfModifiedSince is { } since && lastModified <= since;
    }
}
