using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Links;

namespace Watcher.Http.Admin;

/// <summary>
/// The admin pages under /admin: Razor Pages on the service's listener, closed to anyone not signed in
/// (cookie sessions of the users `watcher users add` made), in English and French.
/// </summary>
public static class AdminServices
{
    public const string Scheme = "WatcherAdmin";
    public const string Policy = "WatcherAdmin";
    public const string CookieName = "watcher_admin";
    public const string LanguageCookieName = "watcher_lang";
    public const string StylesheetPath = "/admin/admin.css";

    public static readonly IReadOnlyList<CultureInfo> Languages = [new("en"), new("fr")];

    /// <summary>What the admin commands need too: the user store and its password hasher.</summary>
    public static IServiceCollection AddAdminUsers(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<AdminUser>, PasswordHasher<AdminUser>>();
        services.AddSingleton<AdminUserStore>();
        return services;
    }

    public static WebApplicationBuilder AddWatcherAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.SessionIdleTimeout >= TimeSpan.FromMinutes(1) && o.SessionIdleTimeout <= TimeSpan.FromDays(30),
                "Admin:SessionIdleTimeout must be between 00:01:00 and 30.00:00:00")
            .Validate(o => o.LoginAttempts is >= 1 and <= 1000, "Admin:LoginAttempts must be between 1 and 1000")
            .Validate(o => o.LoginWindow >= TimeSpan.FromSeconds(1) && o.LoginWindow <= TimeSpan.FromDays(1),
                "Admin:LoginWindow must be between 00:00:01 and 1.00:00:00")
            .Validate(o => o.MaxUploadBytes is >= 1024 and <= 64 * 1024 * 1024, "Admin:MaxUploadBytes must be between 1024 and 67108864")
            .ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AdminText>();
        services.AddSingleton<AdminQueries>();

        services.AddRazorPages(pages =>
        {
            // Pages are found under Http/ (each room of the listener keeps its pages in its own folder);
            // every page under Http/Admin needs a signed-in user, except the few a stranger must reach.
            pages.RootDirectory = "/Http";
            pages.Conventions.AuthorizeFolder("/Admin", Policy);
            pages.Conventions.AllowAnonymousToPage("/Admin/Pages/Login");
            pages.Conventions.AllowAnonymousToPage("/Admin/Pages/Language");
            pages.Conventions.AllowAnonymousToPage("/Admin/Pages/Error");
        })
            // No scripts run on these pages: client validation would only add a hidden <li style> the CSP refuses.
            .AddViewOptions(views => views.HtmlHelperOptions.ClientValidationEnabled = false);
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = "/admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/admin/login";
            cookie.LogoutPath = "/admin/logout";
            cookie.AccessDeniedPath = "/admin/login";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = AdminSessions.ValidateAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<AdminOptions>, IOptions<DigestLinkOptions>>((cookie, admin, links) =>
            {
                cookie.ExpireTimeSpan = admin.Value.SessionIdleTimeout;
                // Behind a TLS proxy Kestrel sees http: an https Http:PublicBaseUrl makes the cookie Secure
                // whatever the proxy forwards; without one (tests on http://127.0.0.1) it follows the request.
                cookie.Cookie.SecurePolicy = links.Value.BaseUrl?.StartsWith("https:", StringComparison.OrdinalIgnoreCase) == true
                    ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        // Antiforgery (its cookie and field) is the listener's, set up once with the link pages (LinkPages).
        return builder;
    }

    public static WebApplication MapWatcherAdmin(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase), admin =>
        {
            admin.UseRequestLocalization(Localization());
            admin.UseStatusCodePagesWithReExecute("/admin/error", "?code={0}");
            admin.UseExceptionHandler("/admin/error");
        });
        // Routing after the branch above, so that the error page it re-executes is routed again.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(StylesheetPath, AdminAssets.Stylesheet);
        app.MapGet("/admin", () => Results.Redirect("/admin/feeds"));
        app.MapRazorPages();
        return app;
    }

    /// <summary>English or French: the language cookie the switch sets, else the browser's Accept-Language, else English.</summary>
    private static RequestLocalizationOptions Localization()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Languages[0]),
            SupportedCultures = [.. Languages],
            SupportedUICultures = [.. Languages],
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = LanguageCookieName },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }
}
