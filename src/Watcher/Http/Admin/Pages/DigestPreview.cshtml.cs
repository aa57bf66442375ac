using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Digest;

namespace Watcher.Http.Admin.Pages;

public sealed class DigestPreviewModel(DigestDispatcher dispatcher) : PageModel
{
    public DigestPreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(string list, CancellationToken ct)
    {
        if (!dispatcher.Lists.Any(l => string.Equals(l.Name, list, StringComparison.OrdinalIgnoreCase)))
            return NotFound();
        Preview = await dispatcher.PreviewAsync(list, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetHtmlAsync(string list, CancellationToken ct)
    {
        if (!dispatcher.Lists.Any(l => string.Equals(l.Name, list, StringComparison.OrdinalIgnoreCase)))
            return NotFound();
        var preview = await dispatcher.PreviewAsync(list, ct);
        return preview.Digest is { } digest ? MailHtml.Result(Response, digest.Html) : NotFound();
    }
}
