using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Watcher.Http;

/// <summary>
/// The headers every answer of the listener carries (admin pages, link pages, health, metrics): no scripts or
/// styles but our own files, never framed, no referrer. A page may narrow the policy, never widen it for scripts.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>The digest links' pages (reached by a token in the address): no script, no image, nothing but our style sheet.</summary>
    public const string LinkPagePolicy =
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// For a digest's HTML part shown as it is: a mail's styles are inline, so they are allowed there, and
    /// nothing else is (no script at all, no form, no fetch); the page is sandboxed as its own origin.
    /// </summary>
    public const string MailPreviewPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'; sandbox";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    });
}
