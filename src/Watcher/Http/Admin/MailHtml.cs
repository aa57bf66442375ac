using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Watcher.Http.Admin;

/// <summary>A digest's HTML part served as it is, under <see cref="SecurityHeaders.MailPreviewPolicy"/>.</summary>
internal static class MailHtml
{
    public static ContentResult Result(HttpResponse response, string html)
    {
        response.Headers.ContentSecurityPolicy = SecurityHeaders.MailPreviewPolicy;
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
