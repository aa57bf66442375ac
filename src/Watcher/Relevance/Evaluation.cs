namespace Watcher.Relevance;

/// <summary>An item the classifier got wrong, with the verdict that explains why.</summary>
/// <param name="Kind">"false positive" (kept, but irrelevant) or "false negative" (missed).</param>
public sealed record Misclassified(LabeledItem Item, Verdict Verdict, string Kind);

/// <summary>Precision, recall and F1 of a keyword set on labeled items, and every mistake.</summary>
public sealed record EvalReport(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives, IReadOnlyList<Misclassified> Mistakes)
{
    public int Count => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>1 when nothing was kept: no item kept wrongly.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>1 when nothing was relevant: no relevant item missed.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

public static class Evaluation
{
    public const string FalsePositive = "false positive";
    public const string FalseNegative = "false negative";

    public static EvalReport Run(RelevanceClassifier classifier, IReadOnlyList<LabeledItem> items)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(items);
        return Of(items.Select(item => (item, classifier.Classify(item.Title, item.Text))));
    }

    /// <summary>The report of verdicts already made, one per item.</summary>
    public static EvalReport Of(IEnumerable<(LabeledItem Item, Verdict Verdict)> judged)
    {
        ArgumentNullException.ThrowIfNull(judged);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var mistakes = new List<Misclassified>();
        foreach (var (item, verdict) in judged)
        {
            switch (verdict.Relevant, item.Relevant)
            {
                case (true, true): tp++; break;
                case (false, false): tn++; break;
                case (true, false): fp++; mistakes.Add(new Misclassified(item, verdict, FalsePositive)); break;
                case (false, true): fn++; mistakes.Add(new Misclassified(item, verdict, FalseNegative)); break;
            }
        }
        return new EvalReport(tp, fp, fn, tn, mistakes);
    }
}
