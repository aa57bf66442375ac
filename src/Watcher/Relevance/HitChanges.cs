namespace Watcher.Relevance;

/// <summary>What a keyword change would do to recent items: those that would become hits and those that would stop being hits.</summary>
public sealed record HitChanges(int Items, int CurrentHits, int ProposedHits, IReadOnlyList<ChangedItem> Entering, IReadOnlyList<ChangedItem> Leaving)
{
    public static HitChanges Compare(RelevanceClassifier current, RelevanceClassifier proposed, IReadOnlyList<RecentItem> items)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        ArgumentNullException.ThrowIfNull(items);
        int currentHits = 0, proposedHits = 0;
        var entering = new List<ChangedItem>();
        var leaving = new List<ChangedItem>();
        foreach (var item in items)
        {
            var before = current.Classify(item.Title, item.Summary);
            var after = proposed.Classify(item.Title, item.Summary);
            currentHits += before.Relevant ? 1 : 0;
            proposedHits += after.Relevant ? 1 : 0;
            if (after.Relevant && !before.Relevant)
                entering.Add(new ChangedItem(item, before, after));
            else if (before.Relevant && !after.Relevant)
                leaving.Add(new ChangedItem(item, before, after));
        }
        return new HitChanges(items.Count, currentHits, proposedHits, entering, leaving);
    }
}

public sealed record ChangedItem(RecentItem Item, Verdict Before, Verdict After);
