using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Watcher.Data;
using Watcher.Labels;
using Watcher.Relevance;

namespace Watcher.Http.Admin.Pages;

public sealed class HitsModel(AdminQueries queries, KeywordStore keywords, FeedbackStore feedback, AdminText text) : PageModel
{
    public const int PageSize = 50;

    private RelevanceClassifier? _classifier;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<HitRow> Rows { get; private set; } = [];

    /// <summary>The id to page on from, when a full page was shown.</summary>
    public long? Older { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await queries.SearchHitsAsync(Q, Before, PageSize, ct);
        Older = Rows.Count == PageSize ? Rows[^1].Hit.Id : null;
        _classifier = await keywords.LoadClassifierAsync(ct);
    }

    /// <summary>The stored text re-read by the keywords in use now (they may have changed since the hit was found).</summary>
    public Verdict Explain(Hit hit) => _classifier!.Classify(hit.Title, hit.Summary);

    /// <summary>The signed-in editor's label: one per user and article, given again it is updated.</summary>
    public async Task<IActionResult> OnPostLabelAsync(long id, string? label, CancellationToken ct)
    {
        if (label is null || !FeedbackLabels.All.Contains(label))
            return BadRequest();
        try
        {
            var result = await feedback.AddAsync(new FeedbackInput(label, FeedbackSources.Admin) { HitId = id, Recipient = User.Identity?.Name }, ct);
            TempData["Message"] = text.Format("Labelled {0}: {1}.", text[label], result.Feedback.Title);
        }
        catch (ArgumentException)
        {
            return NotFound();
        }
        return Redirect($"/admin/hits?{Query()}#hit-{id}");
    }

    private string Query()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q))
            parts.Add("q=" + Uri.EscapeDataString(Q));
        if (Before is { } before)
            parts.Add("before=" + before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }
}
