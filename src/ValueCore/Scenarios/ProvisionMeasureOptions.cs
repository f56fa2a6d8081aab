using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Scenarios;

/// <summary>Settings of the provisions measure (<see cref="ProvisionMeasure"/>): the migration matrix (one for the book, or one per
/// segment with a fallback), the Z-shift correlation, the scenarios' replacement matrices, the ECL period grid, prepayment and
/// staging rules.</summary>
/// <remarks>Give <see cref="Matrix"/>, <see cref="SegmentMatrices"/> or both: a loan uses its segment's matrix when there is one,
/// else <see cref="Matrix"/> (the fallback), as <c>valuecore provision ecl --matrix-by segment --matrices DIR --matrix FILE</c>
/// does. A scenario's migration shock acts on every matrix: a Z-shift conditions each one, a replacement matrix replaces each one
/// (it applies to all segments).</remarks>
public sealed record ProvisionMeasureOptions
{
    /// <summary>The one-year migration matrix of the baseline for the loans whose segment has no matrix in
    /// <see cref="SegmentMatrices"/>; its absorbing states are the default states (make them so with
    /// <see cref="DefaultStates.Absorb(TransitionMatrix, IReadOnlyList{string})"/>); at least one absorbing state. Null (default)
    /// when every segment of the book has its own matrix.</summary>
    public TransitionMatrix? Matrix { get; init; }

    /// <summary>One-year migration matrices of the baseline by segment (ordinal keys), each with at least one absorbing state
    /// (the default states); the loans of other segments use <see cref="Matrix"/>. Empty by default.</summary>
    public IReadOnlyDictionary<string, TransitionMatrix> SegmentMatrices { get; init; } = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);

    /// <summary>The asset correlation ρ in [0, 1) of the migration Z-shift (<see cref="ZShift.Condition"/>); needed when a scenario
    /// shifts the matrix by Z; null (default) otherwise.</summary>
    public double? Rho { get; init; }

    /// <summary>The replacement matrices named by the scenarios' <see cref="MigrationShock.Matrix"/>, each on the states of
    /// <see cref="Matrix"/> and of every matrix of <see cref="SegmentMatrices"/>, with the same absorbing states (a replacement
    /// replaces every segment's matrix); empty by default.</summary>
    public IReadOnlyDictionary<string, TransitionMatrix> ReplacementMatrices { get; init; } = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);

    /// <summary>The years over which a Z-shift forecast reverts to the unconditional matrix after its last year, in [0, 100]
    /// (<see cref="ZShift.YearModels"/>; IFRS 9 B5.5.50): 0 uses the matrix itself from the year after the forecast; default
    /// <see cref="ZShift.DefaultReversionYears"/>.</summary>
    public int ReversionYears { get; init; } = ZShift.DefaultReversionYears;

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
