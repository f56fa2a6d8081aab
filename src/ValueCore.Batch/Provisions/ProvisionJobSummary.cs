using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch;
namespace ValueCore.Batch.Provisions;

/// <summary>What a provisioning job read, measured and wrote.</summary>
public sealed record ProvisionJobSummary
{
    /// <summary>The book's name in messages (its file name).</summary>
    public required string Source { get; init; }

    /// <summary>Data rows read (header and blank lines excluded); equals <see cref="RowsValued"/> + <see cref="RowsRejected"/>.</summary>
    public required long RowsRead { get; init; }

    /// <summary>Rows measured (provisioned, or flagged for individual assessment).</summary>
    public required long RowsValued { get; init; }

    /// <summary>Rows that broke a rule (0 for a run that wrote its results without <c>SkipInvalid</c>: any invalid row fails the run).</summary>
    public required long RowsRejected { get; init; }

    /// <summary>The number of problems found in the rejected rows (a row may have several); 0 by default.</summary>
    public long IssueCount { get; init; }

    /// <summary>The first problems (at most <see cref="DataValidationException.MaxListed"/>), in output order; empty by default.</summary>
    public IReadOnlyList<DataIssue> Issues { get; init; } = [];

    /// <summary>Blank lines skipped.</summary>
    public required long BlankLines { get; init; }

    /// <summary>The total provision or ECL allowance (currency).</summary>
    public required double Total { get; init; }

    /// <summary>The lifetime horizon in whole years that the longest remaining term needs (ECL; 0 for the migration job).</summary>
    public int HorizonYears { get; init; }

    /// <summary>Measured loans whose ECL took the book's (regulatory) <c>lgd</c> because their <c>ecl_lgd</c> (point-in-time LGD)
    /// was empty or the book has no such column (ECL; 0 for the migration job).</summary>
    public long EclLgdFallbacks { get; init; }

    /// <summary>The SHA-256 of the book, lower-case hex.</summary>
    public required string InputSha256 { get; init; }

    /// <summary>The files written (full paths).</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
