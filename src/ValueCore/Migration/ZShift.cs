using ValueCore.Internal;
using ValueCore.Numerics;

namespace ValueCore.Migration;

/// <summary>
/// Point-in-time conditioning of a through-the-cycle matrix by the one-factor Z-shift (Belkin, Suchower and Forest,
/// "A one-parameter representation of credit risk and transition matrices", CreditMetrics Monitor, Third Quarter 1998).
/// Sign convention everywhere in ValueCore: Z &lt; 0 is a downturn (more downgrades and defaults), Z &gt; 0 an upturn.
/// </summary>
/// <remarks>
/// For a row i (states ordered best to worst), C_ij = sum_{k &gt;= j} p_ik is the probability of ending in j or a
/// worse state, the threshold is x_ij = G(C_ij), and the conditional cumulative is
/// C_ij(Z) = N((x_ij - sqrt(rho) Z) / sqrt(1 - rho)); p_ij(Z) = C_ij(Z) - C_i,j+1(Z). Z = 0 does not give back the TTC
/// matrix exactly (the TTC matrix is the average over Z ~ N(0, 1) of the conditional ones); absorbing rows stay unit rows.
/// </remarks>
public static class ZShift
{
    /// <summary>The conditional (point-in-time) matrix for a factor value.</summary>
    /// <param name="throughTheCycle">The TTC matrix.</param>
    /// <param name="rho">The asset correlation, in [0, 1).</param>
    /// <param name="z">The factor value (Z &lt; 0 downturn), finite.</param>
    /// <returns>The conditional matrix (same period).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rho"/> or <paramref name="z"/> is outside its range.</exception>
    public static TransitionMatrix Condition(TransitionMatrix throughTheCycle, double rho, double z)
    {
        ArgumentNullException.ThrowIfNull(throughTheCycle);
        CheckRho(rho);
        if (!double.IsFinite(z))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(z), z, "(-inf, inf)");
        }

        var m = throughTheCycle;
        int n = m.Count;
        var p = new double[n * n];
        double sr = Math.Sqrt(rho);
        double s1 = Math.Sqrt(1 - rho);
        for (int i = 0; i < n; i++)
        {
            if (m.States.IsAbsorbing(i))
            {
                p[(i * n) + i] = 1.0;
                continue;
            }

            double upper = 1.0; // C_i,j(Z) for the current j, starting at j = 0 (C = 1)
            double tail = 0;
            var cum = new double[n + 1];
            for (int j = n - 1; j >= 0; j--)
            {
                tail += m[i, j];
                cum[j] = tail;
            }

            for (int j = 0; j < n; j++)
            {
                double next = j + 1 < n ? Conditional(cum[j + 1], sr, s1, z) : 0.0;
                double current = j == 0 ? 1.0 : upper;
                p[(i * n) + j] = Math.Max(0.0, current - next);
                upper = next;
            }
        }

        return TransitionMatrix.FromRowMajor(m.States, p, m.PeriodYears, computed: true);
    }

    private static double Conditional(double c, double sr, double s1, double z)
    {
        if (c <= 0)
        {
            return 0;
        }

        if (c >= 1)
        {
            return 1;
        }

        return NormalDistribution.CdfUnchecked((NormalDistribution.InverseCdfUnchecked(c) - (sr * z)) / s1);
    }

    /// <summary>The factor value Z whose conditional matrix gives an observed default rate for a portfolio mix.</summary>
    /// <param name="throughTheCycle">The TTC matrix.</param>
    /// <param name="rho">The asset correlation, in (0, 1).</param>
    /// <param name="observedDefaultRate">The observed one-period default rate, a fraction in (0, 1).</param>
    /// <param name="startWeights">The portfolio's weights by starting state (&gt;= 0, not all zero on non-absorbing states; absorbing ones are ignored).</param>
    /// <returns>Z with sum_i w_i PD_i(Z) / sum_i w_i = observed rate, to 1e-12 in Z.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">The weights have the wrong length or no weight on a non-absorbing state.</exception>
    /// <exception cref="InvalidOperationException">No Z in [-10, 10] reaches the observed rate.</exception>
    /// <remarks>The portfolio PD is strictly decreasing in Z; the root is found by bisection on [-10, 10].</remarks>
    public static double FitZ(TransitionMatrix throughTheCycle, double rho, double observedDefaultRate, ReadOnlySpan<double> startWeights)
    {
        ArgumentNullException.ThrowIfNull(throughTheCycle);
        if (!(rho > 0 && rho < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rho), rho, "(0, 1)");
        }

        if (!(observedDefaultRate > 0 && observedDefaultRate < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(observedDefaultRate), observedDefaultRate, "(0, 1)");
        }

        int n = throughTheCycle.Count;
        SpanGuard.SameLength(startWeights, n);
        double wsum = 0;
        for (int i = 0; i < n; i++)
        {
            if (!(startWeights[i] >= 0 && double.IsFinite(startWeights[i])))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(startWeights), startWeights[i], "[0, inf)");
            }

            if (!throughTheCycle.States.IsAbsorbing(i))
            {
                wsum += startWeights[i];
            }
        }

        if (!(wsum > 0))
        {
            ThrowHelper.Argument(nameof(startWeights), "The weights put nothing on a non-absorbing state.");
        }

        var w = startWeights.ToArray();
        double Rate(double z)
        {
            var c = Condition(throughTheCycle, rho, z);
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                if (!throughTheCycle.States.IsAbsorbing(i))
                {
                    s += w[i] * c.DefaultProbability(i);
                }
            }

            return s / wsum;
        }

        double lo = -10;
        double hi = 10;
        double rLo = Rate(lo);
        double rHi = Rate(hi);
        if (!(observedDefaultRate <= rLo && observedDefaultRate >= rHi))
        {
            ThrowHelper.InvalidOperation(FormattableString.Invariant(
                $"The observed default rate {observedDefaultRate:R} is outside the range the matrix reaches for Z in [-10, 10] ({rHi:R} to {rLo:R})."));
        }

        for (int it = 0; it < 200 && hi - lo > 1e-13; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (Rate(mid) > observedDefaultRate)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    private static void CheckRho(double rho)
    {
        if (!(rho >= 0 && rho < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rho), rho, "[0, 1)");
        }
    }
}
