using ValueCore.Scenarios;

namespace ValueCore.Batch;

/// <summary>The lifetime measure of a scenario run (<see cref="LifetimeMeasure"/>): its settings and how the scenarios'
/// replacement matrices are read.</summary>
public sealed record ScenarioLifetimeOptions
{
    /// <summary>The measure's settings (the baseline matrix with its default states absorbing, ρ, reversion, discount rate,
    /// payments a year); the job adds the replacement matrices the scenarios name.</summary>
    public LifetimeMeasureOptions Measure { get; init; } = LifetimeMeasureOptions.Default;

    /// <summary>The matrix file, for the manifest; null without a matrix.</summary>
    public string? MatrixPath { get; init; }

    /// <summary>Absorbing states of the replacement matrix files (default: their last state).</summary>
    public IReadOnlyList<string> Absorbing { get; init; } = [];

    /// <summary>The default states made absorbing in replacement matrices (default: their absorbing states).</summary>
    public IReadOnlyList<string> DefaultStates { get; init; } = [];
}
