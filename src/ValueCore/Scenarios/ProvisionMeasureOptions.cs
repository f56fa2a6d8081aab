using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Scenarios;

/// <summary>Settings of the provisions measure (<see cref="ProvisionMeasure"/>): the migration matrix, the Z-shift correlation, the
/// scenarios' replacement matrices, the ECL period grid, prepayment and staging rules.</summary>
public sealed record ProvisionMeasureOptions
{
    /// <summary>The one-year migration matrix of the baseline; its absorbing states are the default states (make them so with
    /// <see cref="DefaultStates.Absorb(TransitionMatrix, IReadOnlyList{string})"/>). Required; at least one absorbing state.</summary>
    public required TransitionMatrix Matrix { get; init; }

    /// <summary>The asset correlation ρ in [0, 1) of the migration Z-shift (<see cref="ZShift.Condition"/>); needed when a scenario
    /// shifts the matrix by Z; null (default) otherwise.</summary>
    public double? Rho { get; init; }

    /// <summary>The replacement matrices named by the scenarios' <see cref="MigrationShock.Matrix"/>, on the states of
    /// <see cref="Matrix"/> with the same absorbing states; empty by default.</summary>
    public IReadOnlyDictionary<string, TransitionMatrix> ReplacementMatrices { get; init; } = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);

    /// <summary>Periods per year of the ECL sum: 1 (default), 4 or 12.</summary>
    public int PeriodsPerYear { get; init; } = 1;

    /// <summary>The annual prepayment rate, in [0, 1); default 0.</summary>
    public double PrepaymentRate { get; init; }

    /// <summary>The staging thresholds; default <see cref="StagingRules.Default"/>.</summary>
    public StagingRules Staging { get; init; } = StagingRules.Default;

    /// <summary>Classifications that mean stage 2 (watch states); default <c>special_mention</c>.</summary>
    public IReadOnlyCollection<string> WatchStates { get; init; } = ["special_mention"];

    /// <summary>The most threads to use; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
