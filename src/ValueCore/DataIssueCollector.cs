namespace ValueCore;

/// <summary>
/// Collects the problems of one source in one pass: lists the first <see cref="DataValidationException.MaxListed"/>, counts
/// every one, and throws them as one <see cref="DataValidationException"/>. The one collector of the library, its readers,
/// the batch and the command line (docs/conventions.md, "Migration and impairment engines, and one issue collector").
/// </summary>
/// <remarks>Not thread-safe: a parallel pass gives each chunk its own collector and merges them in input order with
/// <see cref="AddRange"/>, so the listed issues and the count do not depend on the thread count.</remarks>
/// <param name="source">The source label (file name, or a label such as "loans" for data built in code) used in messages.</param>
public sealed class DataIssueCollector(string source)
{
    private readonly List<DataIssue> _issues = [];

    /// <summary>The source label used in messages.</summary>
    public string Source { get; } = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>The number of issues added, listed or not.</summary>
    public long Count { get; private set; }

    /// <summary>The listed issues (the first <see cref="DataValidationException.MaxListed"/> added), in the order added.</summary>
    public IReadOnlyList<DataIssue> Issues => _issues;

    /// <summary>Receives every issue as it is added (a batch that rejects rows writes them to rejected.csv); null for none.</summary>
    internal Action<DataIssue>? Sink { get; set; }

    /// <summary>Adds an issue: counted always, listed while fewer than <see cref="DataValidationException.MaxListed"/> are.</summary>
    /// <param name="issue">The issue.</param>
    public void Add(DataIssue issue)
    {
        Sink?.Invoke(issue);
        Count++;
        if (_issues.Count < DataValidationException.MaxListed)
        {
            _issues.Add(issue);
        }
    }

    /// <summary>Adds an issue from its parts (see <see cref="DataIssue"/>).</summary>
    /// <param name="line">The 1-based physical line (header = 1), the 1-based record number for data built in code, or 0 for the whole source.</param>
    /// <param name="column">The column name; empty for the whole row.</param>
    /// <param name="value">The offending value as read.</param>
    /// <param name="rule">The rule broken, as a sentence fragment.</param>
    public void Add(long line, string column, string value, string rule) => Add(new DataIssue(line, column, value, rule));

    /// <summary>Appends the issues of a later part of the same source (a chunk merged in input order).</summary>
    /// <param name="later">The later part's collector.</param>
    public void AddRange(DataIssueCollector later)
    {
        ArgumentNullException.ThrowIfNull(later);
        foreach (var issue in later._issues)
        {
            if (_issues.Count == DataValidationException.MaxListed)
            {
                break;
            }

            _issues.Add(issue);
        }

        Count += later.Count;
    }

    /// <summary>Throws the issues as one exception when there are any.</summary>
    /// <param name="orderByLine">Whether the listed issues are sorted by line (stable) rather than kept in the order added.</param>
    /// <exception cref="DataValidationException">At least one issue was added.</exception>
    public void ThrowIfAny(bool orderByLine = false)
    {
        if (Count > 0)
        {
            throw new DataValidationException(Source, orderByLine ? [.. _issues.OrderBy(i => i.Line)] : [.. _issues], Count);
        }
    }
}
