using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Links;

namespace Watcher.Http.Pages;

/// <summary>The routes of the digest's links: /feedback, /missed and /unsubscribe, each GET and POST, and their style sheet.</summary>
internal static class LinkPages
{
    public const string AntiforgeryCookie = "watcher-antiforgery";
    public const string AntiforgeryField = "__watcher_antiforgery";

    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(LinkPages).Assembly.GetManifestResourceStream("Watcher.Http.Pages.pages.css")
            ?? throw new InvalidOperationException("pages.css is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IServiceCollection AddLinkPages(this IServiceCollection services)
    {
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.FormFieldName = AntiforgeryField;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            // The pages send their own X-Frame-Options and CSP frame-ancestors.
            o.SuppressXFrameOptionsHeader = true;
        });
        // Behind a TLS proxy Kestrel sees http: the public address says whether browsers use https.
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<DigestLinkOptions>>((o, links) =>
            o.Cookie.SecurePolicy = links.Value.BaseUrl?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true
                ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        services.AddSingleton<LinkPageHandlers>();
        return services;
    }

    public static IEndpointRouteBuilder MapLinkPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pages.css", (HttpContext context) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(Css.Value, "text/css; charset=utf-8");
        });
        app.MapGet("/feedback/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.FeedbackPageAsync(c, token));
        app.MapPost("/feedback/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.FeedbackPostAsync(c, token));
        app.MapGet("/missed/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.MissedPageAsync(c, token));
        app.MapPost("/missed/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.MissedPostAsync(c, token));
        app.MapGet("/unsubscribe/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.UnsubscribePageAsync(c, token));
        app.MapPost("/unsubscribe/{token}", (HttpContext c, string token, LinkPageHandlers pages) => pages.UnsubscribePostAsync(c, token));
        return app;
    }
}
