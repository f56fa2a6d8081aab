using ValueCore.IO;
using ValueCore.Pricing;

namespace ValueCore.Batch.Pricing;

/// <summary>Inputs, settings and outputs of <see cref="LifetimeCsvJob"/>.</summary>
public sealed record LifetimeJobOptions
{
    /// <summary>The loan-book CSV.</summary>
    public required string BookPath { get; init; }

    /// <summary>The output folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>How the book is read (column and value maps, delimiter, decimal separator).</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The lifetime model's settings.</summary>
    public LifetimeOptions Lifetime { get; init; } = LifetimeOptions.Default;

    /// <summary>The groupings, each a list of text columns; one by_&lt;columns&gt;.csv each.</summary>
    public IReadOnlyList<IReadOnlyList<string>> GroupBy { get; init; } = [["segment"]];

    /// <summary>Other input files for the manifest (role, path): matrix, curves.</summary>
    public IReadOnlyList<(string Role, string Path)> Inputs { get; init; } = [];

    /// <summary>Parameters for the manifest (name, text), e.g. the default states.</summary>
    public IReadOnlyList<(string Name, string Value)> Parameters { get; init; } = [];

    /// <summary>The run's time for the manifest; null writes none.</summary>
    public DateTimeOffset? Timestamp { get; init; }
}
