namespace Watcher.Relevance;

/// <summary>One seed article after cleaning: the publisher's page furniture is gone.</summary>
/// <param name="Name">File name, for explanations.</param>
/// <param name="Month">"YYYY-MM" when the file started with a " date YYYY-MM" marker.</param>
public sealed record SeedDocument(string Name, string? Month, string Title, string Body)
{
    public string Text => Title + "\n" + Body;
}
