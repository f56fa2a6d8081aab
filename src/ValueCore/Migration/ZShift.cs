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
    /// <summary>The default number of years over which a forecast reverts to the TTC model after its horizon
    /// (<see cref="YearModels"/>): 2, a policy choice stated in docs/provisions.md.</summary>
    public const int DefaultReversionYears = 2;

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

        return Shift(throughTheCycle, Math.Sqrt(rho), z, Math.Sqrt(1 - rho));
    }

    /// <summary>The expected one-year matrix of a year after the forecast horizon, when the factor keeps only a part of the
    /// last forecast: Z = loading x z + sqrt(1 - loading^2) x e, e ~ N(0, 1) independent of z.</summary>
    /// <param name="throughTheCycle">The TTC (unconditional) matrix.</param>
    /// <param name="rho">The asset correlation, in [0, 1).</param>
    /// <param name="z">The last forecast factor value (Z &lt; 0 downturn), finite.</param>
    /// <param name="loading">The weight of the forecast in the factor, in [0, 1]: 1 gives <see cref="Condition"/>(z) (the same
    /// bits), 0 the TTC matrix itself (the same instance).</param>
    /// <returns>The matrix E[P(Z)] over e (same period): C_ij = N((x_ij - sqrt(rho) loading z) / sqrt(1 - rho loading^2)).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>For e ~ N(0, 1), E[N(a - b e)] = N(a / sqrt(1 + b^2)); with a = (x - sqrt(rho) loading z) / sqrt(1 - rho) and
    /// b = sqrt(rho (1 - loading^2) / (1 - rho)) this is the closed form above. The factor keeps its unconditional law N(0, 1)
    /// whatever the loading (an AR(1)-type fading of the forecast), so at loading 0 the average over Z of the conditional
    /// matrices is the TTC matrix (the definition of the Z-shift's TTC matrix), not the Z = 0 matrix. Used to revert a
    /// forecast to the TTC matrix after its horizon (IFRS 9 B5.5.50; <see cref="YearModels"/>).</remarks>
    public static TransitionMatrix Revert(TransitionMatrix throughTheCycle, double rho, double z, double loading)
    {
        ArgumentNullException.ThrowIfNull(throughTheCycle);
        CheckRho(rho);
        if (!double.IsFinite(z))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(z), z, "(-inf, inf)");
        }

        if (!(loading >= 0 && loading <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(loading), loading, "[0, 1]");
        }

        return loading == 0 ? throughTheCycle : Shift(throughTheCycle, Math.Sqrt(rho), loading * z, Math.Sqrt(1 - (rho * loading * loading)));
    }

    /// <summary>The one-year models of a Z-shift forecast year by year: the forecast years, then a reversion to the TTC
    /// model over a number of years, then the TTC model for every later year (IFRS 9 B5.5.50).</summary>
    /// <param name="throughTheCycle">The unconditional (TTC) model: a one-year matrix or a generator.</param>
    /// <param name="rho">The asset correlation, in [0, 1).</param>
    /// <param name="zByYear">The forecast Z of years 1 .. T (Z &lt; 0 downturn), at least one, each finite.</param>
    /// <param name="reversionYears">N, the years over which the forecast fades out, in [0, 100]; 0 reverts at once.</param>
    /// <returns>T + N + 1 models: year y &lt;= T: <see cref="Condition"/>(M, rho, Z_y) with M the model's one-year matrix;
    /// year T + j (1 &lt;= j &lt;= N): <see cref="Revert"/>(M, rho, Z_T, 1 - j / (N + 1)); year T + N + 1 on: the TTC model
    /// itself (the last model of a year list holds for later years in the PD curves of ValueCore.Provisions).</returns>
    /// <exception cref="ArgumentException">No forecast year is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>The forecast's weight in the factor falls linearly from 1 in year T to 0 in year T + N + 1, so the factor's
    /// expected value goes linearly from Z_T to 0 (Z_{T+j} = (1 - j/(N+1)) Z_T + sqrt(1 - (1 - j/(N+1))^2) e) and its law
    /// back to the unconditional N(0, 1): beyond reasonable and supportable forecasts the lifetime PDs return to the
    /// through-the-cycle experience instead of keeping the last forecast year's conditions for good.</remarks>
    public static IReadOnlyList<ITransitionModel> YearModels(ITransitionModel throughTheCycle, double rho, IReadOnlyList<double> zByYear, int reversionYears)
    {
        ArgumentNullException.ThrowIfNull(throughTheCycle);
        ArgumentNullException.ThrowIfNull(zByYear);
        CheckRho(rho);
        if (zByYear.Count == 0)
        {
            ThrowHelper.Argument(nameof(zByYear), "At least one forecast year is needed.");
        }

        if (reversionYears is < 0 or > 100)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(reversionYears), reversionYears, "[0, 100]");
        }

        var oneYear = throughTheCycle.Over(1);
        var models = new List<ITransitionModel>(zByYear.Count + reversionYears + 1);
        foreach (double z in zByYear)
        {
            models.Add(Condition(oneYear, rho, z));
        }

        double last = zByYear[^1];
        for (int j = 1; j <= reversionYears; j++)
        {
            models.Add(Revert(oneYear, rho, last, 1 - (j / (double)(reversionYears + 1))));
        }

        models.Add(throughTheCycle);
        return models;
    }

    /// <summary>C_ij(Z) = N((x_ij - sr mean) / scale) per row, x_ij = G(C_ij); absorbing rows stay unit rows.</summary>
    private static TransitionMatrix Shift(TransitionMatrix m, double sr, double mean, double scale)
    {
        int n = m.Count;
        var p = new double[n * n];
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
                double next = j + 1 < n ? Conditional(cum[j + 1], sr, scale, mean) : 0.0;
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
