using ValueCore.Capital;

namespace ValueCore.Batch;

/// <summary>
/// The integration point of the output floor and the capital basis in the raroc job (issue 20 items 5-6): from the IRB and
/// SA RWA of every loan and the group figures of the valuation, the floored RWA by group and RAROC/EVA on the chosen basis.
/// </summary>
/// <remarks>The job calls it once the loan columns give <c>rwa_sa</c> (issue 20 item 4); the manifest then gains <c>rwa_irb</c>,
/// <c>rwa_sa</c>, <c>output_floor</c> and <c>rwa_floored</c> from <see cref="OutputFloorResult"/>.</remarks>
public static class RarocRegulatoryCapital
{
    /// <summary>Applies the floor to the loans' RWA by group and computes the groups' RAROC and EVA on the chosen capital.</summary>
    /// <param name="floor">The output floor; null for the fully phased-in 0.725.</param>
    /// <param name="basis">The capital basis and ratio; null for the economic basis.</param>
    /// <param name="rwaIrb">IRB RWA of each loan (SA RWA for loans on the standardised approach), in currency.</param>
    /// <param name="rwaSa">Standardised RWA of each loan, in currency.</param>
    /// <param name="groupOfLoan">The group index of each loan.</param>
    /// <param name="groupRevenue">Revenue of each group, in currency.</param>
    /// <param name="groupOpex">Operating cost of each group, in currency.</param>
    /// <param name="groupEl">EL of each group, in currency.</param>
    /// <param name="groupEc">Economic capital of each group, in currency.</param>
    /// <returns>The floor's result and the figures on the chosen basis, one row per group.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static (OutputFloorResult Floor, CapitalBasisResult Capital) Compute(OutputFloorOptions? floor, CapitalBasisOptions? basis,
        ReadOnlySpan<double> rwaIrb, ReadOnlySpan<double> rwaSa, ReadOnlySpan<int> groupOfLoan,
        ReadOnlySpan<double> groupRevenue, ReadOnlySpan<double> groupOpex, ReadOnlySpan<double> groupEl, ReadOnlySpan<double> groupEc)
    {
        var floored = OutputFloor.Apply(rwaIrb, rwaSa, groupOfLoan, groupRevenue.Length, floor);
        var capital = CapitalBasisProfitability.Compute(groupRevenue, groupOpex, groupEl, groupEc, [.. floored.GroupRwaFloored], basis);
        return (floored, capital);
    }
}
