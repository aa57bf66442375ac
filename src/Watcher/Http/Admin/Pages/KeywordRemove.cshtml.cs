using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Relevance;

namespace Watcher.Http.Admin.Pages;

/// <summary>Switching a term off: GET shows the backtest of the set without it, POST switches it off.</summary>
public sealed class KeywordRemoveModel(KeywordStore store, KeywordDryRun dryRun, AdminText text) : PageModel
{
    public Keyword? Keyword { get; private set; }

    public int Days { get; private set; } = KeywordFormView.DefaultDays;

    public DryRunReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? term, int? days, CancellationToken ct)
    {
        var rows = await store.ListAsync(ct);
        Keyword = Find(rows, term);
        if (Keyword is null)
            return NotFound();
        Days = Math.Clamp(days ?? KeywordFormView.DefaultDays, 1, KeywordFormView.MaxDays);
        try
        {
            Report = await dryRun.RunAsync(KeywordSets.WithRemoved(rows, Keyword.Term), null, TimeSpan.FromDays(Days), ct);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            ModelState.AddModelError("", text["The labeled file (Relevance:EvalFile) could not be read:"] + " " + e.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? term, CancellationToken ct)
    {
        Keyword = Find(await store.ListAsync(ct), term);
        if (Keyword is null || !await store.RemoveAsync(Keyword.Term, ct))
            return NotFound();
        TempData["Message"] = text.Format("Keyword {0} switched off.", Keyword.Term);
        return RedirectToPage("/Admin/Pages/Keywords");
    }

    private static Keyword? Find(IReadOnlyList<Keyword> rows, string? term)
    {
        var key = string.IsNullOrWhiteSpace(term) ? null : KeywordStore.NormalizeTerm(term);
        return key is null ? null : rows.FirstOrDefault(k => k.Active && k.Term == key);
    }
}
