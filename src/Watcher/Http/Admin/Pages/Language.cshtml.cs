using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Watcher.Http.Admin.Pages;

/// <summary>The language switch: a cookie for a year, then back to the page it was pressed on.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/admin/feeds");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var language = AdminServices.Languages.FirstOrDefault(l => l.Name == culture);
        if (language is not null)
        {
            Response.Cookies.Append(AdminServices.LanguageCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions
                {
                    Path = "/admin",
                    MaxAge = TimeSpan.FromDays(365),
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = Request.IsHttps,
                    IsEssential = true,
                });
        }
        return LocalRedirect(LoginModel.IsAdminPath(returnUrl) ? returnUrl! : "/admin/feeds");
    }
}
