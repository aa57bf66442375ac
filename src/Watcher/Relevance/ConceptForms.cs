namespace Watcher.Relevance;

/// <summary>The lexicon's forms, normalised; a form that two concepts share belongs to the first.</summary>
internal sealed class ConceptForms
{
    private readonly List<Form>[] _byConcept;
    private readonly HashSet<string> _keys;

    private ConceptForms(List<Form>[] byConcept, HashSet<string> keys)
    {
        _byConcept = byConcept;
        _keys = keys;
    }

    /// <param name="Term">The form as shown to people: folded, words separated by one space.</param>
    internal sealed record Form(string Key, string[] Stems, string Term);

    public IEnumerable<string[]> MultiWord => _byConcept.SelectMany(f => f).Where(f => f.Stems.Length > 1).Select(f => f.Stems);

    public static ConceptForms Build(Lexicon lexicon)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var byConcept = new List<Form>[lexicon.Concepts.Count];
        for (var c = 0; c < byConcept.Length; c++)
        {
            byConcept[c] = [];
            foreach (var form in lexicon.Concepts[c].Forms)
            {
                var stems = TextNormalizer.Tokenize(form).ToArray();
                var key = string.Join(' ', stems);
                if (stems.Length > 0 && keys.Add(key))
                {
                    var term = string.Join(' ', TextNormalizer.Fold(form).Split((char[])[' ', '-', '\'', '’'], StringSplitOptions.RemoveEmptyEntries));
                    byConcept[c].Add(new Form(key, stems, term));
                }
            }
        }

        return new ConceptForms(byConcept, keys);
    }

    public IReadOnlyList<Form> OfConcept(int concept) => _byConcept[concept];

    public bool Contains(string key) => _keys.Contains(key);
}
