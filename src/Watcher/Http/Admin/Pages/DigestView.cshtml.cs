using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Links;

namespace Watcher.Http.Admin.Pages;

public sealed class DigestViewModel(AdminQueries queries) : PageModel
{
    public DigestRun? Run { get; private set; }

    /// <summary>The text part as recorded, each recipient's links shown as an inert anchor.</summary>
    public string? TextBody => Run?.TextBody is { } text ? DigestLinkFactory.Inert(text, Run.LinkSlot) : null;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Run = await queries.FindDigestAsync(id, ct);
        return Run is null ? NotFound() : Page();
    }

    /// <summary>The HTML part exactly as it was mailed, on a page of its own (its inline styles need their own policy).</summary>
    public async Task<IActionResult> OnGetHtmlAsync(long id, CancellationToken ct)
    {
        Run = await queries.FindDigestAsync(id, ct);
        if (Run?.HtmlBody is not { } html)
            return NotFound();
        return MailHtml.Result(Response, DigestLinkFactory.Inert(html, Run.LinkSlot));
    }
}
