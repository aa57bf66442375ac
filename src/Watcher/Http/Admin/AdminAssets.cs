using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Watcher.Http.Admin;

/// <summary>The admin pages' one stylesheet, embedded in the executable (no front-end build, nothing to deploy beside it).</summary>
internal static class AdminAssets
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Css = new(() =>
    {
        using var stream = typeof(AdminAssets).Assembly.GetManifestResourceStream("Watcher.Http.Admin.admin.css")
            ?? throw new InvalidOperationException("the admin stylesheet is not embedded in the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (bytes, "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
    });

    public static IResult Stylesheet(HttpContext context)
    {
        var (bytes, etag) = Css.Value;
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(bytes, "text/css; charset=utf-8");
    }
}
