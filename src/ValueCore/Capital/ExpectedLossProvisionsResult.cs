namespace ValueCore.Capital;

/// <summary>The result of <see cref="ExpectedLossProvisions.Compare"/>: the bank's EL against provisions, the CET1 deduction and the Tier 2 amount, and the same comparison by group.</summary>
public sealed class ExpectedLossProvisionsResult
{
    internal ExpectedLossProvisionsResult(ExpectedLossProvisionsRow bank, ExpectedLossProvisionsRow[] groups, double irbCreditRwa)
    {
        Bank = bank;
        Groups = groups;
        IrbCreditRwa = irbCreditRwa;
        Tier2Cap = ExpectedLossProvisions.Tier2CapRate * irbCreditRwa;
        Tier2 = Math.Min(bank.Excess, Tier2Cap);
    }

    /// <summary>The bank's figures.</summary>
    public ExpectedLossProvisionsRow Bank { get; }

    /// <summary>The figures of each group (the two-pool rule applied within the group; no Tier 2 cap by group).</summary>
    public IReadOnlyList<ExpectedLossProvisionsRow> Groups { get; }

    /// <summary>The bank's EL minus provisions, uncapped (positive = shortfall), in currency.</summary>
    public double ElMinusProvisions => Bank.ElMinusProvisions;

    /// <summary>The shortfall deducted from CET1 (CAP30.13), in currency.</summary>
    public double Cet1Deduction => Bank.Shortfall;

    /// <summary>The IRB credit RWA given, in currency.</summary>
    public double IrbCreditRwa { get; }

    /// <summary>The cap on Tier 2 recognition, 0.6% of <see cref="IrbCreditRwa"/>, in currency.</summary>
    public double Tier2Cap { get; }

    /// <summary>The excess recognised in Tier 2, min(excess, <see cref="Tier2Cap"/>), in currency.</summary>
    public double Tier2 { get; }
}
