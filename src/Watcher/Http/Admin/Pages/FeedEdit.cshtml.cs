using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Feeds;

namespace Watcher.Http.Admin.Pages;

public sealed class FeedEditModel(FeedRegistry registry, AdminText text) : PageModel
{
    public Feed? Feed { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Feed = await registry.FindAsync(id, ct);
        if (Feed is null)
            return NotFound();
        (Name, Label) = (Feed.Name, Feed.Label);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        Feed = await registry.FindAsync(id, ct);
        if (Feed is null)
            return NotFound();
        try
        {
            FeedRegistry.CleanLabel(Label);
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError(nameof(Label), text.Format("A label is one line of at most {0} characters.", Data.Feed.MaxLabelChars));
            return Page();
        }
        await registry.UpdateAsync(id, Name ?? "", Label ?? "", ct);
        TempData["Message"] = text.Format("{0} saved.", string.IsNullOrWhiteSpace(Name) ? Feed.Url : Name.Trim());
        return RedirectToPage("/Admin/Pages/Feeds");
    }
}
