using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Watcher.Data;
using Watcher.Feeds;

namespace Watcher.Http.Admin.Pages;

public sealed class FeedsModel(FeedRegistry registry, IOptions<AdminOptions> options, AdminText text) : PageModel
{
    public IReadOnlyList<Feed> Feeds { get; private set; } = [];

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    /// <summary>Only the name a validation message is filed under.</summary>
    public string? Opml { get; set; }

    public IReadOnlyList<string> Skipped { get; private set; } = [];

    public int MaxUploadKilobytes => options.Value.MaxUploadBytes / 1024;

    public async Task OnGetAsync(CancellationToken ct) => Feeds = await registry.ListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        string? url = null, label = null;
        try
        {
            url = FeedRegistry.NormalizeUrl(Address ?? "");
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError(nameof(Address), text["Give the feed's full address, starting with http:// or https://."]);
        }
        try
        {
            label = FeedRegistry.CleanLabel(Label);
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError(nameof(Label), text.Format("A label is one line of at most {0} characters.", Feed.MaxLabelChars));
        }
        if (url is null || !ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        // Blank fields leave what an existing feed has; the edit page clears them.
        var (feed, added) = await registry.AddAsync(url, string.IsNullOrWhiteSpace(Name) ? null : Name, label, ct);
        TempData["Message"] = text.Format(added ? "Added {0}." : "{0} was already there; its name and label are updated.", feed.Url);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct)
    {
        var feed = await registry.FindAsync(id, ct);
        if (feed is null)
            return NotFound();
        await registry.ResetAsync(feed.Url, ct);
        TempData["Message"] = text.Format("{0}: failures cleared, enabled, polled at the next poll.", feed.Name ?? feed.Url);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? opml, CancellationToken ct)
    {
        var limit = options.Value.MaxUploadBytes;
        if (opml is null || opml.Length == 0)
            ModelState.AddModelError(nameof(Opml), text["Choose an OPML file."]);
        else if (opml.Length > limit)
            ModelState.AddModelError(nameof(Opml), text.Format("The file is larger than {0} KB: nothing imported.", limit / 1024));
        else
        {
            try
            {
                await using var stream = opml.OpenReadStream();
                var result = await registry.ImportAsync(Watcher.Feeds.Opml.Read(stream), ct);
                TempData["Message"] = text.Format("Imported {0} feed(s); {1} already there; {2} skipped.",
                    result.Added.ToString(CultureInfo.CurrentCulture), result.AlreadyThere, result.Invalid.Count);
                if (result.Invalid.Count == 0)
                    return RedirectToPage();
                Skipped = result.Invalid;
            }
            catch (FormatException e)
            {
                ModelState.AddModelError(nameof(Opml), text["Not an OPML file, nothing imported:"] + " " + e.Message);
            }
        }
        await OnGetAsync(ct);
        return Page();
    }
}
