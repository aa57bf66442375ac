using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Relevance;

namespace Watcher.Http.Admin.Pages;

/// <summary>Add or re-weight a term: a backtest first (nothing stored), then Save.</summary>
public sealed class KeywordEditModel(KeywordStore store, KeywordDryRun dryRun, AdminText text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Term { get; set; }

    [BindProperty]
    public string? Facet { get; set; }

    [BindProperty]
    public string? Weight { get; set; }

    [BindProperty]
    public int Days { get; set; } = KeywordFormView.DefaultDays;

    public Keyword? Existing { get; private set; }

    public KeywordFormView Form { get; private set; } = new(null, Facets.Topic, 1.0, KeywordFormView.DefaultDays);

    public DryRunReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await store.ListAsync(ct);
        Existing = Find(rows);
        Form = Existing is { } k
            ? new KeywordFormView(k.Term, k.Facet, k.Weight, KeywordFormView.DefaultDays, TermFixed: true)
            : new KeywordFormView(Term, Facets.Topic, 1.0, KeywordFormView.DefaultDays);
    }

    public async Task<IActionResult> OnPostBacktestAsync(CancellationToken ct)
    {
        var rows = await store.ListAsync(ct);
        Existing = Find(rows);
        if (Validate() is not { } form)
            return Page();
        Form = form;
        try
        {
            Report = await dryRun.RunAsync(KeywordSets.WithSet(rows, form.Term!, form.Weight, form.Facet), null, TimeSpan.FromDays(form.Days), ct);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            // Relevance:EvalFile set but unreadable: say so rather than fail the page.
            ModelState.AddModelError("", text["The labeled file (Relevance:EvalFile) could not be read:"] + " " + e.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (Validate() is not { } form)
        {
            Existing = Find(await store.ListAsync(ct));
            return Page();
        }
        var keyword = await store.SetAsync(form.Term!, form.Weight, form.Facet, ct);
        TempData["Message"] = text.Format("Keyword {0} ({1}, weight {2}) saved and active.", keyword.Term, keyword.Facet, AdminText.Number(keyword.Weight));
        return RedirectToPage("/Admin/Pages/Keywords");
    }

    private Keyword? Find(IReadOnlyList<Keyword> rows)
    {
        var key = string.IsNullOrWhiteSpace(Term) ? null : KeywordStore.NormalizeTerm(Term);
        return key is null ? null : rows.FirstOrDefault(k => k.Term == key);
    }

    /// <summary>The proposal, or null with the problems filed in ModelState (and the form as it was typed).</summary>
    private KeywordFormView? Validate()
    {
        var term = KeywordStore.NormalizeTerm(Term ?? "");
        var weight = AdminText.ParseNumber(Weight);
        if (term.Length == 0)
            ModelState.AddModelError(nameof(Term), text["Give a term."]);
        if (Facet is null || !Facets.All.Contains(Facet))
            ModelState.AddModelError(nameof(Facet), text["Choose a facet."]);
        if (weight is not (> 0 and <= 100))
            ModelState.AddModelError(nameof(Weight), text["The weight is a number above 0 and at most 100."]);
        if (Days is < 1 or > KeywordFormView.MaxDays)
            ModelState.AddModelError(nameof(Days), text.Format("The backtest covers 1 to {0} days.", KeywordFormView.MaxDays));
        var form = new KeywordFormView(term.Length == 0 ? Term : term, Facet ?? Facets.Topic, weight ?? 1.0, Math.Clamp(Days, 1, KeywordFormView.MaxDays), Existing is not null);
        if (!ModelState.IsValid)
        {
            Form = form;
            return null;
        }
        return form;
    }
}
