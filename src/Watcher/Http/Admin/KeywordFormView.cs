namespace Watcher.Http.Admin;

/// <summary>What the keyword form shows; <see cref="TermFixed"/> when it re-weights a term already there.</summary>
public sealed record KeywordFormView(string? Term, string Facet, double Weight, int Days, bool TermFixed = false)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 90;
}
