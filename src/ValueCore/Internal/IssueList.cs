namespace ValueCore.Internal;

/// <summary>Collects data issues in one pass: lists the first <see cref="DataValidationException.MaxListed"/>, counts all.</summary>
internal sealed class IssueList(string source)
{
    private readonly List<DataIssue> _issues = [];

    public string Source { get; } = source;

    public long Count { get; private set; }

    public void Add(DataIssue issue)
    {
        Count++;
        if (_issues.Count < DataValidationException.MaxListed)
        {
            _issues.Add(issue);
        }
    }

    public void AddRange(IssueList other)
    {
        foreach (var i in other._issues)
        {
            Add(i);
        }

        Count += other.Count - other._issues.Count;
    }

    public void ThrowIfAny()
    {
        if (Count > 0)
        {
            var sorted = _issues.OrderBy(i => i.Line).ToList();
            throw new DataValidationException(Source, sorted, Count);
        }
    }
}
