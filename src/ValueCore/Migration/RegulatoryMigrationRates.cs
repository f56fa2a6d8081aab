using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// The loan migration rates of the China banking supervisor's off-site supervision indicators (China Banking
/// Regulatory Commission, definitions of the core indicators for risk supervision of commercial banks): for each rate,
/// migrated amount / (opening balance of the class(es) - amount of them reduced during the period).
/// </summary>
/// <remarks>
/// <para>Per period [b_k, b_k+1] (the cohort periods of <see cref="CohortEstimator.PeriodBoundaries"/>): a loan counts
/// when observed at the period start, in class c0 with balance B0 (its latest row at or before b_k). Its reduction is
/// the sum of <c>reduction</c> over its rows with time in (b_k, b_k+1]. It migrated when observed at the period end in a
/// worse class concerned by the rate; the migrated amount is its period-end balance. A loan whose window ends inside the
/// period contributes its opening balance and reductions but no migrated amount.</para>
/// <para>Example (the issue's): opening pass balance 10,000, of which 800 moved to lower classes by the period end and
/// 600 was repaid during the period: pass migration rate = 800 / (10,000 - 600) = 8.51%.</para>
/// <para>Pooled figures sum numerators and denominators over periods.</para>
/// </remarks>
public static class RegulatoryMigrationRates
{
    /// <summary>Computes the five rates per period and pooled.</summary>
    /// <param name="history">Five-tier histories (<see cref="StateSpace.FiveTier"/> labels) with balances and reductions.</param>
    /// <param name="periods">The period options (length, window); weighting and aggregation are ignored.</param>
    /// <param name="pooled">Receives the pooled rates over all periods.</param>
    /// <returns>The rates per period.</returns>
    /// <exception cref="ArgumentException">The states are not the five tiers, or balances or reductions are missing.</exception>
    /// <exception cref="InvalidOperationException">The window holds no complete period.</exception>
    public static IReadOnlyList<RegulatoryRatesPeriod> Compute(RatingHistory history, CohortOptions? periods, out RegulatoryRatesPeriod pooled)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!history.States.IsFiveTier)
        {
            ThrowHelper.Argument(nameof(history), $"Regulatory migration rates need the five-tier states (pass, special_mention, substandard, doubtful, loss); the states are {history.States}.");
        }

        if (!history.HasBalance || !history.HasReduction)
        {
            ThrowHelper.Argument(nameof(history), "Regulatory migration rates need the balance and reduction columns.");
        }

        var bounds = new CohortEstimator(periods).PeriodBoundaries(history);
        int k = bounds.Length - 1;

        // Per period and rate: migrated, opening, reduction.
        var acc = new double[k * 5 * 3];
        var time = history.Time;
        var state = history.State;
        var bal = history.Balance!;
        var red = history.Reduction!;
        for (int e = 0; e < history.EntitySlots; e++)
        {
            int a = history.EntityStart[e];
            int b = history.EntityStart[e + 1];
            if (a == b)
            {
                continue;
            }

            int last = b - 1;
            bool censored = state[last] == RatingHistory.CensoredCode;
            bool absorbed = !censored && history.States.IsAbsorbing(state[last]);
            for (int p = 0; p < k; p++)
            {
                int r0 = RowAt(time, a, b, bounds[p], censored, absorbed);
                if (r0 < 0)
                {
                    continue;
                }

                int r1 = RowAt(time, a, b, bounds[p + 1], censored, absorbed);
                double reduction = 0;
                for (int r = r0 + 1; r < b && time[r] <= bounds[p + 1]; r++)
                {
                    reduction += red[r];
                }

                int c0 = state[r0];
                int c1 = r1 >= 0 ? state[r1] : -1;
                double end = r1 >= 0 ? bal[r1] : 0;
                double open = bal[r0];
                for (int rate = 0; rate < 5; rate++)
                {
                    if (!Opens(rate, c0))
                    {
                        continue;
                    }

                    int o = ((p * 5) + rate) * 3;
                    acc[o + 1] += open;
                    acc[o + 2] += reduction;
                    if (c1 >= 0 && Migrated(rate, c1))
                    {
                        acc[o] += end;
                    }
                }
            }
        }

        var result = new List<RegulatoryRatesPeriod>(k);
        var total = new double[5 * 3];
        for (int p = 0; p < k; p++)
        {
            var rates = new RegulatoryRate[5];
            for (int rate = 0; rate < 5; rate++)
            {
                int o = ((p * 5) + rate) * 3;
                rates[rate] = Make(rate, acc[o], acc[o + 1], acc[o + 2]);
                for (int f = 0; f < 3; f++)
                {
                    total[(rate * 3) + f] += acc[o + f];
                }
            }

            result.Add(new RegulatoryRatesPeriod(bounds[p], bounds[p + 1], rates));
        }

        var all = new RegulatoryRate[5];
        for (int rate = 0; rate < 5; rate++)
        {
            all[rate] = Make(rate, total[rate * 3], total[(rate * 3) + 1], total[(rate * 3) + 2]);
        }

        pooled = new RegulatoryRatesPeriod(bounds[0], bounds[^1], all);
        return result.AsReadOnly();
    }

    /// <summary>One rate from its parts: migrated / (opening - reduction); NaN when the denominator is not positive.</summary>
    /// <param name="migrated">Period-end balance of the opening loans that migrated.</param>
    /// <param name="opening">Opening balance of the class(es).</param>
    /// <param name="reduction">Amount of those loans reduced during the period.</param>
    /// <returns>The rate as a fraction, or NaN (not defined).</returns>
    public static double Rate(double migrated, double opening, double reduction)
    {
        double d = opening - reduction;
        return d > 0 ? migrated / d : double.NaN;
    }

    private static RegulatoryRate Make(int rate, double migrated, double opening, double reduction) =>
        new((RegulatoryRateKind)rate, migrated, opening, reduction, Rate(migrated, opening, reduction));

    // Five-tier indices: 0 pass, 1 special mention, 2 substandard, 3 doubtful, 4 loss.
    private static bool Opens(int rate, int c) => rate switch
    {
        0 => c == 0,
        1 => c == 1,
        2 => c is 0 or 1,
        3 => c == 2,
        _ => c == 3,
    };

    private static bool Migrated(int rate, int c) => rate switch
    {
        0 => c >= 1,
        1 or 2 => c >= 2,
        3 => c >= 3,
        _ => c == 4,
    };

    /// <summary>The row giving the state at time t, or -1 when the entity is not observed at t.</summary>
    private static int RowAt(double[] time, int a, int b, double t, bool censored, bool absorbed)
    {
        if (t < time[a] || (!absorbed && (censored ? t >= time[b - 1] : t > time[b - 1])))
        {
            return -1;
        }

        int r = a;
        while (r + 1 < b && time[r + 1] <= t)
        {
            r++;
        }

        return r;
    }
}
