using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>A RAROC/EVA batch over a loan-book CSV: input, output folder, parameters and groupings.</summary>
public sealed record RarocJobOptions
{
    /// <summary>The loan-book CSV file.</summary>
    public required string BookPath { get; init; }

    /// <summary>The output folder (created if needed).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Capital and financial parameters.</summary>
    public ValuationOptions Valuation { get; init; } = ValuationOptions.Default;

    /// <summary>Column map and source name.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The groupings: one <c>by_&lt;columns&gt;.csv</c> per entry, each a list of key columns; default one grouping by segment.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GroupBy { get; init; } = [[LoanColumns.Segment]];

    /// <summary>Input columns copied into <c>loans.csv</c> after <c>loan_id</c>; empty by default.</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];

    /// <summary>Whether invalid rows are rejected (written to <c>rejected.csv</c>) while the valid ones are valued; default false: any invalid row fails the run and nothing but <c>rejected.csv</c> is written.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Whether <c>loans.csv</c> is written; default true (false writes the aggregates only).</summary>
    public bool WriteLoans { get; init; } = true;

    /// <summary>The most threads to use; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The run's timestamp for <c>manifest.json</c> (the only output that carries one); null writes none.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Where the bytes of the book read and valued so far are reported (out of the file's length), once per chunk; null: nowhere.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The format of loans and the by_ files, and the database that receives them too; default CSV files only.</summary>
    public Sinks.TableSinkOptions Tables { get; init; } = Sinks.TableSinkOptions.Default;

    /// <summary>Extra entries for the manifest's <c>parameters</c> object (e.g. the command line's settings).</summary>
    public IReadOnlyDictionary<string, string> ManifestParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The output floor (issue 20 item 5); null for none. Applied under Basel III by <see cref="RarocRegulatoryCapital"/> to the groups' IRB and SA RWA.</summary>
    public Capital.OutputFloorOptions? OutputFloor { get; init; }

    /// <summary>The capital basis of RAROC/EVA by group and its capital ratio; null for the economic basis.</summary>
    public Capital.CapitalBasisOptions? CapitalBasis { get; init; }
}
