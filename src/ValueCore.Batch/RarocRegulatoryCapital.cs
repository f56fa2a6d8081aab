using ValueCore.Capital;

namespace ValueCore.Batch;

/// <summary>
/// The integration point of the output floor and the capital basis in the raroc job (issue 20 items 5-6): from the IRB and
/// SA RWA of every loan and the group figures of the valuation, the floored RWA by group and RAROC/EVA on the chosen basis.
/// </summary>
/// <remarks><see cref="RarocCsvJob"/> calls the group-total form once, at the end of the stream, under <c>--regime basel3</c>; the
/// manifest then gains <c>rwa_irb</c>, <c>rwa_sa</c>, <c>output_floor</c> and <c>rwa_floored</c> from <see cref="OutputFloorResult"/>.</remarks>
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

    /// <summary>Applies the floor to group totals of IRB and SA RWA and computes the groups' RAROC and EVA on the chosen capital
    /// (the streaming job's form: it keeps group sums, not loans).</summary>
    /// <param name="floor">The output floor; null for no floor (the floored RWA are the IRB RWA).</param>
    /// <param name="basis">The capital basis and ratio; null for the economic basis.</param>
    /// <param name="groupRwaIrb">IRB RWA of each group (SA RWA for its loans on the standardised approach), in currency.</param>
    /// <param name="groupRwaSa">Standardised RWA of each group, in currency.</param>
    /// <param name="groupRevenue">Revenue of each group, in currency.</param>
    /// <param name="groupOpex">Operating cost of each group, in currency.</param>
    /// <param name="groupEl">EL of each group, in currency.</param>
    /// <param name="groupEc">Economic capital of each group, in currency.</param>
    /// <returns>The floor's result (null without a floor) and the figures on the chosen basis, one row per group.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static (OutputFloorResult? Floor, CapitalBasisResult Capital) Compute(OutputFloorOptions? floor, CapitalBasisOptions? basis,
        ReadOnlySpan<double> groupRwaIrb, ReadOnlySpan<double> groupRwaSa,
        ReadOnlySpan<double> groupRevenue, ReadOnlySpan<double> groupOpex, ReadOnlySpan<double> groupEl, ReadOnlySpan<double> groupEc)
    {
        var floored = floor is null ? null : OutputFloor.Apply(groupRwaIrb, groupRwaSa, floor);
        double[] rwa = floored is null ? groupRwaIrb.ToArray() : [.. floored.GroupRwaFloored];
        var capital = CapitalBasisProfitability.Compute(groupRevenue, groupOpex, groupEl, groupEc, rwa, basis);
        return (floored, capital);
    }
}
