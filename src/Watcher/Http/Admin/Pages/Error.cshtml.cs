using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Watcher.Http.Admin.Pages;

/// <summary>What a failed request shows (re-executed with its method, hence for POST too, without a token check).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(AdminText text) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Detail { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Heading, Detail) = code switch
        {
            404 => (text["Not found"], text["There is no such page, or what it showed was removed."]),
            400 => (text["Request refused"], text["The form was not sent by this page as it was shown (it may have been open too long): reload the page and try again."]),
            _ => (text["Something went wrong"], text["The request failed; the service's log says why. Nothing was changed unless the page said so."]),
        };
    }
}
