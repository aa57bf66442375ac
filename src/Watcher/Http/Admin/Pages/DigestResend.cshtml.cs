using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Digest;

namespace Watcher.Http.Admin.Pages;

/// <summary>Resend asks first: GET says to whom, POST sends.</summary>
public sealed class DigestResendModel(AdminQueries queries, DigestDispatcher dispatcher, DigestTransportFactory transports, AdminText text) : PageModel
{
    public DigestRun? Run { get; private set; }

    public string Recipients { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Run = await queries.FindDigestAsync(id, ct);
        if (Run is null)
            return NotFound();
        var list = dispatcher.Lists.FirstOrDefault(l => string.Equals(l.Name, Run.ListName, StringComparison.OrdinalIgnoreCase));
        Recipients = string.Join(", ", list is null ? Run.Recipients : transports.RecipientsFor(list));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        try
        {
            var result = await dispatcher.ResendAsync(id, ct);
            TempData["Message"] = result.Status == DigestSendStatus.Sent
                ? text.Format("Digest #{0} sent again as digest #{1}, delivered to {2}.", id, result.DigestId ?? 0, result.Detail ?? "")
                : text.Format("Digest #{0} was not sent again: {1}", id, result.Detail ?? "");
        }
        catch (ArgumentException)
        {
            return NotFound();
        }
        return RedirectToPage("/Admin/Pages/Digests");
    }
}
