using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Provisions;

namespace ValueCore.Batch.Provisions;

/// <summary>Input, models and parameters of <see cref="EclCsvJob"/>.</summary>
public sealed record EclJobOptions
{
    /// <summary>The loan-book CSV (docs/loan-book.md plus the provisioning columns of docs/provisions.md).</summary>
    public required string BookPath { get; init; }

    /// <summary>How the book is read: column and value maps, delimiter, decimal separator, source name.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The output folder (written all-or-nothing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Models by segment; empty by default.</summary>
    public IReadOnlyDictionary<string, EclModel> SegmentModels { get; init; } = new Dictionary<string, EclModel>(StringComparer.Ordinal);

    /// <summary>The model of segments without their own; null (default) when every segment has one.</summary>
    public EclModel? Model { get; init; }

    /// <summary>The scenarios, in output order; empty (default) for the unconditioned model alone.</summary>
    public IReadOnlyList<EclScenario> Scenarios { get; init; } = [];

    /// <summary>Classifications that mean stage 2 (default: special_mention).</summary>
    public IReadOnlyList<string> WatchStates { get; init; } = ["special_mention"];

    /// <summary>The reporting date (needed for maturity_date); null by default.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Periods per year of the ECL sum and of the curves: 1 (default), 4 or 12.</summary>
    public int PeriodsPerYear { get; init; } = 1;

    /// <summary>The annual prepayment rate, in [0, 1); default 0.</summary>
    public double PrepaymentRate { get; init; }

    /// <summary>The profile of a book without an amortisation column; null (default): the column is required.</summary>
    public EadProfile? Amortisation { get; init; }

    /// <summary>The staging thresholds; <see cref="StagingRules.Default"/> by default.</summary>
    public StagingRules Staging { get; init; } = StagingRules.Default;

    /// <summary>The book at the previous reporting date, for movement.csv; null (default) for none.</summary>
    public string? OpeningBookPath { get; init; }

    /// <summary>Lines of summary.txt that state how the models were built (files, default states); empty by default.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>Further input files hashed into manifest.json, by role (e.g. "matrix"); empty by default.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InputFiles { get; init; } = [];

    /// <summary>Every parameter of the run as given (e.g. command-line options), written into manifest.json; empty by default.</summary>
    public IReadOnlyDictionary<string, string> ManifestParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The creation time written into manifest.json (its only timestamp); null (default) for none.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Whether invalid rows are rejected (listed in <c>rejected.csv</c>: line, loan_id, column, value, rule) while the
    /// valid ones are measured; default false: any invalid row fails the run and nothing is written. A repeated loan_id is
    /// measured at its first valid occurrence and rejected at the later ones. The opening book, if any, must be valid whatever this says.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Worker threads; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Where the bytes of the book valued so far are reported (out of the file's length), once per chunk; null: nowhere.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The format of loans, by_stage and by_segment, and the database that receives them too; default CSV files only.</summary>
    public Sinks.TableSinkOptions Tables { get; init; } = Sinks.TableSinkOptions.Default;
}
