using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Feeds;

namespace Watcher.Http.Admin.Pages;

/// <summary>The confirmation a removal asks for: GET shows what goes, only POST removes.</summary>
public sealed class FeedRemoveModel(FeedRegistry registry, AdminText text) : PageModel
{
    public Feed? Feed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Feed = await registry.FindAsync(id, ct);
        return Feed is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Feed = await registry.FindAsync(id, ct);
        if (Feed is null)
            return NotFound();
        await registry.RemoveAsync(Feed.Url, ct);
        TempData["Message"] = text.Format("Removed {0}.", Feed.Name ?? Feed.Url);
        return RedirectToPage("/Admin/Pages/Feeds");
    }
}
