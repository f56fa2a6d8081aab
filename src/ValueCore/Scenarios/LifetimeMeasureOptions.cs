using ValueCore.Migration;
using ValueCore.Pricing;

namespace ValueCore.Scenarios;

/// <summary>Settings of the lifetime measure (<see cref="LifetimeMeasure"/>): the lifetime model's settings (its valuation part is
/// replaced by each scenario's), the Z-shift correlation and reversion, and the scenarios' replacement matrices.</summary>
public sealed record LifetimeMeasureOptions
{
    /// <summary>The defaults: <see cref="LifetimeOptions.Default"/> (a flat PD), no Z-shift correlation, no replacement matrices.</summary>
    public static LifetimeMeasureOptions Default { get; } = new();

    /// <summary>The lifetime model's settings: the baseline's one-year matrix (<see cref="LifetimeOptions.Matrix"/>), discount rate,
    /// payments a year, threads; its <see cref="LifetimeOptions.Valuation"/> is replaced by each scenario's valuation options.
    /// Default <see cref="LifetimeOptions.Default"/>.</summary>
    public LifetimeOptions Lifetime { get; init; } = LifetimeOptions.Default;

    /// <summary>The asset correlation ρ in [0, 1) of the migration Z-shift (<see cref="ZShift.Condition"/>); needed when a scenario
    /// shifts the matrix by Z; null (default) otherwise.</summary>
    public double? Rho { get; init; }

    /// <summary>The years over which a Z-shift forecast reverts to the matrix after its last year, in [0, 100]
    /// (<see cref="ZShift.YearModels"/>, as the provisions measure); default <see cref="ZShift.DefaultReversionYears"/>.</summary>
    public int ReversionYears { get; init; } = ZShift.DefaultReversionYears;

    /// <summary>The replacement matrices named by the scenarios' <see cref="MigrationShock.Matrix"/>, one-year, each on the states
    /// of <see cref="LifetimeOptions.Matrix"/>; empty by default.</summary>
    public IReadOnlyDictionary<string, TransitionMatrix> ReplacementMatrices { get; init; } = new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);
}
