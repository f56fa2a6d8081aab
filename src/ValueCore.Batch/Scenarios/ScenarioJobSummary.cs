using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Scenarios;

namespace ValueCore.Batch;

/// <summary>What a <see cref="ScenarioJob"/> run read and wrote.</summary>
public sealed record ScenarioJobSummary
{
    /// <summary>The book's source name.</summary>
    public required string Source { get; init; }

    /// <summary>The number of loans valued (in every scenario).</summary>
    public required int Loans { get; init; }

    /// <summary>The group figures of the baseline and every scenario, and the comparisons.</summary>
    public required ScenarioAnalysis Analysis { get; init; }

    /// <summary>The files written, relative to the output folder.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>What the run converted on the way (a matrix file over 1/n year taken to one year as P^n); empty when nothing.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>With the provision measure, the loans whose ECL uses the book's <c>lgd</c> because their <c>ecl_lgd</c>
    /// (point-in-time LGD) is empty or the book has no such column; null without the provision measure.</summary>
    public int? EclLgdFallbacks { get; init; }

    /// <summary>Whether more than half of the book's PDs are above 0.2, as a book written in percent shows (<see cref="Portfolio.PdScale"/>).</summary>
    public bool PdLooksLikePercent { get; init; }
}
