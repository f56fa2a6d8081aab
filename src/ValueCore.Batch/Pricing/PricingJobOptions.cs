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

    /// <summary>The column holding allocated capital (empty cells use standalone IRB capital); default <c>allocated_capital</c>.</summary>
    public string CapitalColumn { get; init; } = "allocated_capital";
}
