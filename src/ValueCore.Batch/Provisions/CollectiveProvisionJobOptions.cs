using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Migration;

namespace ValueCore.Batch.Provisions;

/// <summary>Input, models and parameters of <see cref="CollectiveProvisionCsvJob"/>.</summary>
public sealed record CollectiveProvisionJobOptions
{
    /// <summary>The loan-book CSV (docs/loan-book.md; <c>classification</c> is the state).</summary>
    public required string BookPath { get; init; }

    /// <summary>How the book is read: column and value maps, delimiter, decimal separator, source name.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The output folder (written all-or-nothing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Models by segment, with the default states absorbing; empty by default.</summary>
    public IReadOnlyDictionary<string, ITransitionModel> SegmentModels { get; init; } = new Dictionary<string, ITransitionModel>(StringComparer.Ordinal);

    /// <summary>The model of segments without their own; null (default) when every segment has one.</summary>
    public ITransitionModel? Model { get; init; }

    /// <summary>The loss-emergence period h in years, in (0, 1000]; default 1.</summary>
    public double HorizonYears { get; init; } = 1.0;

    /// <summary>Whether loans already in a default state are provisioned at LGD x EAD (true) or flagged for individual assessment (false, default).</summary>
    public bool ProvisionDefaulted { get; init; }

    /// <summary>Lines of summary.txt that state how the models were built; empty by default.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>Further input files hashed into manifest.json, by role; empty by default.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InputFiles { get; init; } = [];

    /// <summary>Every parameter of the run as given, written into manifest.json; empty by default.</summary>
    public IReadOnlyDictionary<string, string> ManifestParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The creation time written into manifest.json; null (default) for none.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Whether invalid rows are rejected (listed in <c>rejected.csv</c>: line, loan_id, column, value, rule) while the
    /// valid ones are measured; default false: any invalid row fails the run and nothing is written. A repeated loan_id is
    /// measured at its first valid occurrence and rejected at the later ones.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Worker threads; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Where the bytes of the book valued so far are reported (out of the file's length), once per chunk; null: nowhere.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The format of loans, by_class and by_segment, and the database that receives them too; default CSV files only.</summary>
    public Sinks.TableSinkOptions Tables { get; init; } = Sinks.TableSinkOptions.Default;
}
