using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
namespace ValueCore.Batch;

/// <summary>What an incentive pool is a share of.</summary>
public enum PoolBasis
{
    /// <summary>The unit's EVA.</summary>
    Eva = 0,

    /// <summary>The unit's EVA improvement over the previous period (needs previous results).</summary>
    Improvement = 1,
}

/// <summary>A scorecard run over the results of <c>valuecore raroc</c>.</summary>
public sealed record ScorecardJobOptions
{
    /// <summary>A results folder (its <c>loans.csv</c> and <c>manifest.json</c>) or a per-loan results file.</summary>
    public required string ResultsPath { get; init; }

    /// <summary>The output folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The grouping columns (any column of the per-loan results); none gives one group.</summary>
    public IReadOnlyList<string> By { get; init; } = [];

    /// <summary>The previous period's results (folder or file) for the EVA change explanation; null for none.</summary>
    public string? PreviousPath { get; init; }

    /// <summary>A <c>relationship_revenue.csv</c> (customer_id, kind, amount); null for none.</summary>
    public string? RelationshipPath { get; init; }

    /// <summary>Whether to write <c>relationships.csv</c> even without a relationship file.</summary>
    public bool Customers { get; init; }

    /// <summary>The share of EVA (or of its improvement) paid into each unit's incentive pool, in [0, 1]; null for no pools.</summary>
    public double? PoolShare { get; init; }

    /// <summary>What the pool is a share of; default EVA.</summary>
    public PoolBasis PoolBasis { get; init; }

    /// <summary>The allocated-capital column of the results, when present; default <c>allocated_capital</c>.</summary>
    public string CapitalColumn { get; init; } = "allocated_capital";

    /// <summary>The tax rate of the valuation; null (default) reads it from <c>manifest.json</c>, else 0.25.</summary>
    public double? TaxRate { get; init; }

    /// <summary>The capital rate of the valuation; null (default) reads it from <c>manifest.json</c>, else 0.03.</summary>
    public double? CapitalRate { get; init; }

    /// <summary>The hurdle for EVA on allocated capital; null (default) reads hurdle and segment hurdles from <c>manifest.json</c>, else 0.12.</summary>
    public double? Hurdle { get; init; }
}
