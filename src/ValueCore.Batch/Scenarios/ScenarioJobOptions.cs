using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

namespace ValueCore.Batch;

/// <summary>A scenario run from files: the loan book, the scenario file, the output folder, parameters and groupings.</summary>
public sealed record ScenarioJobOptions
{
    /// <summary>The loan-book CSV file.</summary>
    public required string BookPath { get; init; }

    /// <summary>The scenario file (YAML or JSON).</summary>
    public required string ScenariosPath { get; init; }

    /// <summary>The output folder (created if needed).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The baseline's capital and financial parameters; default <see cref="ValuationOptions.Default"/>.</summary>
    public ValuationOptions Valuation { get; init; } = ValuationOptions.Default;

    /// <summary>Column map and source name of the book.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The groupings: one by_ file per entry in every scenario's folder, the first also for comparison.csv; default by segment.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GroupBy { get; init; } = [[LoanColumns.Segment]];

    /// <summary>Input columns copied into every <c>loans.csv</c> after <c>loan_id</c>; empty by default.</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];

    /// <summary>Whether the per-loan <c>loans.csv</c> is written for the baseline and every scenario; default true.</summary>
    public bool WriteLoans { get; init; } = true;

    /// <summary>Measures besides RAROC/EVA with IRB capital; empty by default.</summary>
    public IReadOnlyList<IScenarioMeasure> Measures { get; init; } = [];

    /// <summary>The provisions measure's inputs and settings; null (default) runs without it. Its outputs go to
    /// <c>&lt;scenario&gt;/provision/</c> and its figures into the comparison.</summary>
    public ScenarioProvisionOptions? Provision { get; init; }

    /// <summary>The lifetime measure's settings (NPV of EVA over each loan's life, <see cref="ValueCore.Scenarios.LifetimeMeasure"/>); null (default) for none.</summary>
    public ScenarioLifetimeOptions? Lifetime { get; init; }

    /// <summary>The most threads to use; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The run's timestamp for <c>manifest.json</c> (the only output that carries one); null writes none.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Gives, once the scenario file is read, where the valuations done so far are reported out of the given
    /// total (the baseline and every scenario), one report per valuation; null, or a null result: nowhere.</summary>
    public Func<long, IProgress<long>?>? Progress { get; init; }

    /// <summary>The format of every scenario's loans and by_ tables (and each measure's), of the comparison and weighted
    /// tables, and the database that receives them too; default CSV files only. shocks.csv stays CSV.</summary>
    public Sinks.TableSinkOptions Tables { get; init; } = Sinks.TableSinkOptions.Default;
}
