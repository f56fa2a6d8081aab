using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>
/// The comparison of IRB expected loss with eligible provisions: the shortfall deducted from CET1 and the excess
/// recognised in Tier 2 up to 0.6% of IRB credit RWA, for the bank and by group.
/// </summary>
/// <remarks>
/// <para>CRE35 (Basel Framework, "IRB approach: treatment of expected losses and provisions"): an IRB bank compares its
/// total EL amount (PD x LGD x EAD for performing exposures, the best estimate of expected loss for defaulted ones, on
/// the LGD used after floors, supervisory values and collateral) with its total eligible provisions. A shortfall (EL &gt;
/// provisions) is deducted in full from Common Equity Tier 1 (CAP30.13); an excess may be recognised in Tier 2 capital up
/// to 0.6% of the credit RWA calculated under the IRB approach (CAP10.18).</para>
/// <para>Defaulted and non-defaulted exposures are compared separately: an excess of provisions over EL on defaulted
/// exposures does not offset a shortfall on non-defaulted ones (the two-pool rule, as in CRR Article 159); an excess on
/// non-defaulted exposures does cover a shortfall on defaulted ones. With d_N = EL_N - P_N and d_D = EL_D - P_D:
/// shortfall = max(0, d_N + max(0, d_D)), excess = shortfall - (d_N + d_D), so shortfall - excess = EL - P, the uncapped
/// <see cref="ExpectedLossProvisionsResult.ElMinusProvisions"/>. Tier 2 = min(excess, 0.006 x IRB credit RWA). See docs/methodology.md.</para>
/// </remarks>
public static class ExpectedLossProvisions
{
    /// <summary>The cap on the excess of provisions recognised in Tier 2, as a fraction of IRB credit RWA: 0.006 (CAP10.18).</summary>
    public const double Tier2CapRate = 0.006;

    /// <summary>Compares EL with eligible provisions per group and for the bank.</summary>
    /// <param name="expectedLoss">The IRB EL amount of each loan, finite and &gt;= 0, in currency.</param>
    /// <param name="provision">The eligible provisions held against each loan, finite and &gt;= 0, in currency.</param>
    /// <param name="defaulted">Whether each loan is defaulted (PD = 1).</param>
    /// <param name="groupOfLoan">The group index of each loan, in [0, <paramref name="groupCount"/>).</param>
    /// <param name="groupCount">The number of groups, &gt;= 1.</param>
    /// <param name="irbCreditRwa">The bank's IRB credit RWA, finite and &gt;= 0, in currency (the base of the Tier 2 cap).</param>
    /// <returns>The EL, provisions, shortfall and excess by pool, group and bank, and the Tier 2 amount.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, a group index is out of range, or <paramref name="groupCount"/> &lt; 1.</exception>
    public static ExpectedLossProvisionsResult Compare(ReadOnlySpan<double> expectedLoss, ReadOnlySpan<double> provision, ReadOnlySpan<bool> defaulted,
        ReadOnlySpan<int> groupOfLoan, int groupCount, double irbCreditRwa)
    {
        int n = expectedLoss.Length;
        SpanGuard.SameLength(provision, n);
        SpanGuard.SameLength(defaulted, n);
        SpanGuard.SameLength(groupOfLoan, n);
        if (groupCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(groupCount), groupCount, "[1, inf)");
        }

        CheckAmount(irbCreditRwa, nameof(irbCreditRwa));
        var sums = new NeumaierSum[groupCount + 1, 4]; // row groupCount = bank; columns EL_N, P_N, EL_D, P_D
        for (int i = 0; i < n; i++)
        {
            CheckAmount(expectedLoss[i], nameof(expectedLoss));
            CheckAmount(provision[i], nameof(provision));
            int g = groupOfLoan[i];
            if ((uint)g >= (uint)groupCount)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(groupOfLoan), g, $"[0, {groupCount})");
            }

            int pool = defaulted[i] ? 2 : 0;
            sums[g, pool].Add(expectedLoss[i]);
            sums[g, pool + 1].Add(provision[i]);
            sums[groupCount, pool].Add(expectedLoss[i]);
            sums[groupCount, pool + 1].Add(provision[i]);
        }

        var rows = new ExpectedLossProvisionsRow[groupCount + 1];
        for (int g = 0; g <= groupCount; g++)
        {
            rows[g] = Row(sums[g, 0].Value, sums[g, 1].Value, sums[g, 2].Value, sums[g, 3].Value);
        }

        return new ExpectedLossProvisionsResult(rows[groupCount], rows[..groupCount], irbCreditRwa);
    }

    /// <summary>The figures of one pool pair (the two-pool rule of the remarks).</summary>
    internal static ExpectedLossProvisionsRow Row(double elPerforming, double provisionsPerforming, double elDefaulted, double provisionsDefaulted)
    {
        double dN = elPerforming - provisionsPerforming;
        double dD = elDefaulted - provisionsDefaulted;
        double difference = dN + dD;
        double shortfall = Math.Max(0.0, dN + Math.Max(0.0, dD));
        double excess = Math.Max(0.0, shortfall - difference);
        return new ExpectedLossProvisionsRow(elPerforming, provisionsPerforming, elDefaulted, provisionsDefaulted, difference, shortfall, excess);
    }

    private static void CheckAmount(double value, string name)
    {
        if (!(value >= 0.0 && value < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, "[0, inf)");
        }
    }
}
