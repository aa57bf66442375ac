using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Watcher.Http.Admin.Pages;

public sealed class LoginModel(AdminUserStore users, LoginThrottle throttle, IOptions<AdminOptions> options, AdminText text, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Name?.Trim() ?? "";
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.TryAcquire(address, name))
        {
            logger.LoginThrottled(address, AdminText.ForLog(name));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(options.Value.LoginWindow.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            Error = text["Too many attempts: wait a little, then try again."];
            return Page();
        }
        var user = name.Length == 0 || string.IsNullOrEmpty(Password) ? null : await users.VerifyAsync(name, Password, ct);
        if (user is null)
        {
            logger.LoginFailed(address, AdminText.ForLog(name));
            Error = text["Wrong user name or password."];
            return Page();
        }
        await HttpContext.SignInAsync(AdminServices.Scheme, AdminSessions.Principal(user), new AuthenticationProperties { IsPersistent = false });
        logger.LoginSucceeded(user.Name, address);
        return LocalRedirect(IsAdminPath(ReturnUrl) ? ReturnUrl! : "/admin/feeds");
    }

    /// <summary>Only a path of this site under /admin: never another host (//evil.example) nor a scheme.</summary>
    internal static bool IsAdminPath(string? url) =>
        url is not null && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl);
}
