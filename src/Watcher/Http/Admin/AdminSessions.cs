using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Data;

namespace Watcher.Http.Admin;

/// <summary>A session is a signed cookie naming the user and the stamp of their password.</summary>
public static class AdminSessions
{
    public const string StampClaim = "watcher:stamp";

    public static ClaimsPrincipal Principal(AdminUser user) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, user.Name), new Claim(StampClaim, AdminUserStore.SessionStamp(user))],
        AdminServices.Scheme));

    /// <summary>Every request checks that the user still exists with the same password: removing or resetting a user ends their sessions.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(StampClaim)?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<AdminUserStore>();
        if (name is null || stamp is null || !await users.IsSessionValidAsync(name, stamp, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AdminServices.Scheme);
        }
    }
}
