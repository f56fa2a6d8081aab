namespace ValueCore;

/// <summary>Input data broke one or more rules; the exception lists them all (the first thousand) and counts every one.</summary>
public sealed class DataValidationException : Exception
{
    /// <summary>How many issues are listed at most; the count covers all.</summary>
    public const int MaxListed = 1000;

    /// <summary>Creates the exception.</summary>
    /// <param name="source">The source label (file name) used in messages.</param>
    /// <param name="issues">The listed issues (at most <see cref="MaxListed"/>).</param>
    /// <param name="totalIssues">The number of issues found, listed or not.</param>
    public DataValidationException(string source, IReadOnlyList<DataIssue> issues, long totalIssues)
        : base(BuildMessage(source, issues, totalIssues))
    {
        Source = source;
        Issues = issues;
        TotalIssues = totalIssues;
    }

    /// <summary>The source label (file name).</summary>
    public new string Source { get; }

    /// <summary>The issues, in input order, at most <see cref="MaxListed"/>.</summary>
    public IReadOnlyList<DataIssue> Issues { get; }

    /// <summary>The number of issues found.</summary>
    public long TotalIssues { get; }

    private static string BuildMessage(string source, IReadOnlyList<DataIssue> issues, long total)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var head = issues.Count > 0 ? issues[0].Format(source) : source + ": invalid data";
        return total <= 1 ? head : FormattableString.Invariant($"{head} (and {total - 1} more issues)");
    }
}
