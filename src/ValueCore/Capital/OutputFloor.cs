using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>
/// The Basel III output floor: a bank's RWA are at least a fraction (72.5% when fully phased in) of its RWA under the
/// standardised approaches, with the add-on allocated to groups so that RAROC can be computed on floored capital.
/// </summary>
/// <remarks>
/// <para>RBC20.11 (Basel Framework; BCBS, "Basel III: Finalising post-crisis reforms", December 2017, output floor section):
/// RWA = max(RWA on the approaches the bank is approved to use, floor x RWA on the standardised approaches only). The
/// transitional floor of RBC90.2 rises from 50% on 1 January 2023 to 72.5% from 1 January 2028 (dates after the
/// Committee's one-year deferral of March 2020); see <see cref="PhaseIn"/>. The optional national cap on the floor's
/// increase of RWA during the transition (RBC90.3, 25%) is not applied.</para>
/// <para>Here the floor is applied to the credit RWA the caller passes (IRB RWA per loan, the SA RWA of loans on SA included,
/// against the SA RWA of every loan); market, operational and CVA RWA enter the floor only if the caller adds them to both.</para>
/// <para>The add-on, floored RWA - IRB RWA, is allocated to groups pro rata to a key (<see cref="OutputFloorAllocation"/>); the group
/// with the largest key takes the rest, so the allocations add up to the add-on. See docs/methodology.md, section on the output floor.</para>
/// </remarks>
public static class OutputFloor
{
    /// <summary>The fully phased-in floor, 0.725 (RBC20.11).</summary>
    public const double FullyPhasedIn = 0.725;

    /// <summary>The first year of the transitional floor, 2023 (RBC90.2).</summary>
    public const int FirstYear = 2023;

    /// <summary>The transitional output floor of a year (RBC90.2): 50% in 2023, 55% in 2024, 60% in 2025, 65% in 2026, 70% in 2027, 72.5% from 2028.</summary>
    /// <param name="year">The calendar year (the floor applies from 1 January), in [2023, 9999].</param>
    /// <returns>The floor, a fraction of the standardised RWA.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is outside [2023, 9999] (no output floor applies before 2023).</exception>
    public static double PhaseIn(int year) => year switch
    {
        < FirstYear or > 9999 => throw new ArgumentOutOfRangeException(nameof(year), year, "The output floor applies from 2023 (RBC90.2); year must be in [2023, 9999]."),
        2023 => 0.50,
        2024 => 0.55,
        2025 => 0.60,
        2026 => 0.65,
        2027 => 0.70,
        _ => FullyPhasedIn,
    };

    /// <summary>Applies the floor to group totals of IRB and standardised RWA and allocates the add-on to the groups.</summary>
    /// <param name="groupRwaIrb">The IRB RWA of each group (the bank's own approaches), each finite and &gt;= 0, in currency.</param>
    /// <param name="groupRwaSa">The standardised RWA of each group, each finite and &gt;= 0, in currency; as long as <paramref name="groupRwaIrb"/>.</param>
    /// <param name="options">The floor and the allocation key; null for <see cref="OutputFloorOptions.Default"/>.</param>
    /// <returns>The bank totals, floored RWA and add-on, and the add-on by group.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An RWA is negative or not finite.</exception>
    public static OutputFloorResult Apply(ReadOnlySpan<double> groupRwaIrb, ReadOnlySpan<double> groupRwaSa, OutputFloorOptions? options)
    {
        SpanGuard.SameLength(groupRwaSa, groupRwaIrb.Length);
        options ??= OutputFloorOptions.Default;
        var irb = groupRwaIrb.ToArray();
        var sa = groupRwaSa.ToArray();
        NeumaierSum irbTotal = default, saTotal = default;
        for (int g = 0; g < irb.Length; g++)
        {
            CheckRwa(irb[g], nameof(groupRwaIrb));
            CheckRwa(sa[g], nameof(groupRwaSa));
            irbTotal.Add(irb[g]);
            saTotal.Add(sa[g]);
        }

        return Allocate(irb, sa, irbTotal.Value, saTotal.Value, options);
    }

    /// <summary>Applies the floor to per-loan IRB and standardised RWA, with groups given by an index per loan.</summary>
    /// <param name="rwaIrb">The IRB RWA of each loan (its SA RWA for a loan on the standardised approach), finite and &gt;= 0, in currency.</param>
    /// <param name="rwaSa">The standardised RWA of each loan, finite and &gt;= 0, in currency.</param>
    /// <param name="groupOfLoan">The group index of each loan, in [0, <paramref name="groupCount"/>).</param>
    /// <param name="groupCount">The number of groups, &gt;= 1 (1 for the bank alone).</param>
    /// <param name="options">The floor and the allocation key; null for <see cref="OutputFloorOptions.Default"/>.</param>
    /// <returns>The bank totals (summed over loans), floored RWA and add-on, and the group figures.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An RWA is negative or not finite, a group index is out of range, or <paramref name="groupCount"/> &lt; 1.</exception>
    public static OutputFloorResult Apply(ReadOnlySpan<double> rwaIrb, ReadOnlySpan<double> rwaSa, ReadOnlySpan<int> groupOfLoan, int groupCount,
        OutputFloorOptions? options)
    {
        SpanGuard.SameLength(rwaSa, rwaIrb.Length);
        SpanGuard.SameLength(groupOfLoan, rwaIrb.Length);
        if (groupCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(groupCount), groupCount, "[1, inf)");
        }

        options ??= OutputFloorOptions.Default;
        var irb = new NeumaierSum[groupCount];
        var sa = new NeumaierSum[groupCount];
        NeumaierSum irbTotal = default, saTotal = default;
        for (int i = 0; i < rwaIrb.Length; i++)
        {
            CheckRwa(rwaIrb[i], nameof(rwaIrb));
            CheckRwa(rwaSa[i], nameof(rwaSa));
            int g = groupOfLoan[i];
            if ((uint)g >= (uint)groupCount)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(groupOfLoan), g, $"[0, {groupCount})");
            }

            irb[g].Add(rwaIrb[i]);
            sa[g].Add(rwaSa[i]);
            irbTotal.Add(rwaIrb[i]);
            saTotal.Add(rwaSa[i]);
        }

        return Allocate(irb.Select(s => s.Value).ToArray(), sa.Select(s => s.Value).ToArray(), irbTotal.Value, saTotal.Value, options);
    }

    private static OutputFloorResult Allocate(double[] irb, double[] sa, double irbTotal, double saTotal, OutputFloorOptions options)
    {
        double floor = options.Floor;
        double addOn = Math.Max(irbTotal, floor * saTotal) - irbTotal;
        var allocated = new double[irb.Length];
        if (addOn > 0.0)
        {
            var key = new double[irb.Length];
            NeumaierSum keyTotal = default;
            int taker = 0;
            for (int g = 0; g < key.Length; g++)
            {
                key[g] = options.Allocation == OutputFloorAllocation.Shortfall ? Math.Max(0.0, (floor * sa[g]) - irb[g]) : sa[g];
                keyTotal.Add(key[g]);
                if (key[g] > key[taker])
                {
                    taker = g;
                }
            }

            // addOn > 0 means floor x SA > IRB in total, so some group has SA > 0 and a positive shortfall: the key total is positive.
            double total = keyTotal.Value;
            for (int g = 0; g < key.Length; g++)
            {
                allocated[g] = g == taker ? 0.0 : addOn * (key[g] / total);
            }

            // The group with the largest key takes the rest, corrected until the allocations summed in group order give the add-on
            // (a correction of a few units in the last place; two rounds reach it or its neighbour).
            for (int round = 0; round < 4; round++)
            {
                double sum = 0.0;
                foreach (double a in allocated)
                {
                    sum += a;
                }

                if (sum == addOn)
                {
                    break;
                }

                allocated[taker] = Math.Max(0.0, allocated[taker] + (addOn - sum));
            }
        }

        return new OutputFloorResult(floor, options.Allocation, irbTotal, saTotal, irb, sa, allocated);
    }

    private static void CheckRwa(double value, string name)
    {
        if (!(value >= 0.0 && value < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, "[0, inf)");
        }
    }
}
