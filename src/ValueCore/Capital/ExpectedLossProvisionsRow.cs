namespace ValueCore.Capital;

/// <summary>EL against eligible provisions for one group or the bank, by pool (non-defaulted, defaulted).</summary>
/// <param name="ElNonDefaulted">EL of the non-defaulted exposures, in currency.</param>
/// <param name="ProvisionsNonDefaulted">Eligible provisions on the non-defaulted exposures, in currency.</param>
/// <param name="ElDefaulted">EL (best estimate) of the defaulted exposures, in currency.</param>
/// <param name="ProvisionsDefaulted">Eligible provisions on the defaulted exposures, in currency.</param>
/// <param name="ElMinusProvisions">Total EL minus total provisions, uncapped: positive is a shortfall, negative an excess, in currency.</param>
/// <param name="Shortfall">The shortfall to deduct from CET1 under the two-pool rule, &gt;= 0, in currency.</param>
/// <param name="Excess">The excess of provisions over EL before the Tier 2 cap, &gt;= 0, in currency; Shortfall - Excess = ElMinusProvisions.</param>
public readonly record struct ExpectedLossProvisionsRow(double ElNonDefaulted, double ProvisionsNonDefaulted, double ElDefaulted,
    double ProvisionsDefaulted, double ElMinusProvisions, double Shortfall, double Excess)
{
    /// <summary>Total EL, in currency.</summary>
    public double El => ElNonDefaulted + ElDefaulted;

    /// <summary>Total eligible provisions, in currency.</summary>
    public double Provisions => ProvisionsNonDefaulted + ProvisionsDefaulted;
}
