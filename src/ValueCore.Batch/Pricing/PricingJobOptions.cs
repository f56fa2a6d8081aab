using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Portfolio;
using ValueCore.Pricing;

namespace ValueCore.Batch;

/// <summary>A pricing run over a CSV of prospective (or existing) deals.</summary>
public sealed record PricingJobOptions
{
    /// <summary>The deals CSV (loan-book columns; <c>rate</c> optional, see docs/performance-and-pricing.md).</summary>
    public required string BookPath { get; init; }

    /// <summary>How the book is read: column and value maps, delimiter, decimal separator, source name.</summary>
    public LoanBookCsvOptions Csv { get; init; } = LoanBookCsvOptions.Default;

    /// <summary>The output folder (created if needed).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Capital settings, tax, capital rate, hurdles and the funding curves (<see cref="ValuationOptions.Funding"/>: each
    /// deal's FTP is then derived by matched maturity instead of read from an <c>ftp_rate</c> column).</summary>
    public ValuationOptions Valuation { get; init; } = ValuationOptions.Default;

    /// <summary>One target RAROC for every deal, in [-1, 10]; null (default) for each deal's hurdle.</summary>
    public double? TargetRaroc { get; init; }

    /// <summary>Whether invalid deals are rejected (listed in <c>rejected.csv</c>: line, loan_id, column, value, rule) while the
    /// valid ones are priced; false (default): any problem fails the run and nothing but the problems is reported.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>The lifetime model's settings for the minimum rate on a lifetime basis: <c>lifetime_prices.csv</c> beside
    /// <c>prices.csv</c> with each deal's break-even rate and its decomposition (<see cref="LifetimeValuation"/>; the book is then
    /// also read as <c>valuecore lifetime</c> reads it); null (default) for none.</summary>
    public LifetimeOptions? Lifetime { get; init; }

    /// <summary>Other input files for the manifest (role, path), e.g. the lifetime model's matrix; default none.</summary>
    public IReadOnlyList<(string Role, string Path)> Inputs { get; init; } = [];

    /// <summary>The column holding allocated capital (empty cells use standalone IRB capital); default <c>allocated_capital</c>.</summary>
    public string CapitalColumn { get; init; } = "allocated_capital";

    /// <summary>Where the bytes of the book read so far are reported (out of the file's length), once per block of
    /// records; null: nowhere.</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The format of prices (and lifetime_prices), and the database that receives them too; default CSV files only.</summary>
    public Sinks.TableSinkOptions Tables { get; init; } = Sinks.TableSinkOptions.Default;
}
