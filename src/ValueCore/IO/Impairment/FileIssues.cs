namespace ValueCore.IO.Impairment;

/// <summary>Problems of one file that cannot be tied to a loan: the first thousand listed, all counted; mergeable in input order.</summary>
internal sealed class FileIssues(string source)
{
    public string Source => source;

    public List<DataIssue> Listed { get; } = [];

    public long Count { get; private set; }

    public void Add(long line, string column, string value, string rule)
    {
        Count++;
        if (Listed.Count < DataValidationException.MaxListed)
        {
            Listed.Add(new DataIssue(line, column, value, rule));
        }
    }

    /// <summary>Appends the problems of a later part of the file.</summary>
    public void Add(FileIssues later)
    {
        foreach (var issue in later.Listed)
        {
            if (Listed.Count == DataValidationException.MaxListed)
            {
                break;
            }

            Listed.Add(issue);
        }

        Count += later.Count;
    }

    public void ThrowIfAny()
    {
        if (Count > 0)
        {
            throw new DataValidationException(source, Listed, Count);
        }
    }
}
