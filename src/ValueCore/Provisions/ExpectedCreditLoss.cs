using ValueCore.Internal;

namespace ValueCore.Provisions;

/// <summary>12-month and lifetime expected credit loss of a loan from a Markov cumulative PD curve (IFRS 9 5.5.3, 5.5.5, B5.5.44).</summary>
/// <remarks>
/// Periods of length 1 / p years over the remaining term T; U = T p periods, n = ceil(U), the last one a fraction of a
/// period when U is not whole. Period t runs from s = t - 1 to e_t = min(t, U) (in periods). Default at the end of
/// the period; loss = LGD x EAD at its start:
/// ECL = sum_{t=1}^{n} [C(e_t) - C(t - 1)] x LGD x EAD(t - 1) x (1 - pi)^((t - 1) / p) x (1 + EIR)^(-e_t / p),
/// with C the cumulative PD curve (<see cref="PDCurveSet"/>), pi an annual prepayment rate (the balance surviving to
/// year s is (1 - pi)^s) and EAD(s) by <see cref="EadProfile"/>. 12-month ECL: the same sum over min(1 year, T).
/// A loan already in a default state (C(0) = 1) has PD 1 and ECL = LGD x EAD (the LGD taken as already discounted).
/// Conventions as in the IFRScommunity.com worked example "IFRS 9 example: 12-month ECL vs lifetime ECL" (see docs/provisions.md).
/// </remarks>
public static class ExpectedCreditLoss
{
    /// <summary>Tolerance under which a term in periods counts as whole (absorbs day-count rounding).</summary>
    public const double WholePeriodTolerance = 1e-9;

    /// <summary>The model figures of one loan.</summary>
    /// <param name="cumulative">The cumulative PD curve of the loan's state at period ends 0..K (<see cref="PDCurveSet.Curve"/>).</param>
    /// <param name="periodsPerYear">Periods per year p of the curve: 1, 4 or 12.</param>
    /// <param name="remainingYears">The remaining term T in years, in (0, K / p].</param>
    /// <param name="ead">The exposure at the reporting date, &gt;= 0 (currency).</param>
    /// <param name="lgd">The loss given default, a fraction in [0, 1].</param>
    /// <param name="eir">The effective interest rate per year, a fraction &gt; -1.</param>
    /// <param name="profile">The amortisation profile.</param>
    /// <param name="prepaymentRate">The annual prepayment rate, a fraction in [0, 1).</param>
    /// <returns>12-month and lifetime PD and ECL.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static EclResult Compute(ReadOnlySpan<double> cumulative, int periodsPerYear, double remainingYears, double ead,
        double lgd, double eir, EadProfile profile, double prepaymentRate = 0)
    {
        if (periodsPerYear is not (1 or 4 or 12))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(periodsPerYear), periodsPerYear, "{1, 4, 12}");
        }

        double maxYears = (cumulative.Length - 1) / (double)periodsPerYear;
        if (!(remainingYears > 0 && remainingYears <= maxYears + WholePeriodTolerance))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(remainingYears), remainingYears, FormattableString.Invariant($"(0, {maxYears}] (the curve's horizon)"));
        }

        if (!(ead >= 0 && double.IsFinite(ead)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ead), ead, "[0, inf)");
        }

        if (!(lgd >= 0 && lgd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lgd), lgd, "[0, 1]");
        }

        if (!(eir > -1 && double.IsFinite(eir)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eir), eir, "(-1, inf)");
        }

        if (!(prepaymentRate >= 0 && prepaymentRate < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(prepaymentRate), prepaymentRate, "[0, 1)");
        }

        if ((uint)profile > (uint)EadProfile.Annuity)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(profile), (int)profile, "a defined EadProfile");
        }

        return ComputeUnchecked(cumulative, periodsPerYear, remainingYears, ead, lgd, eir, profile, prepaymentRate);
    }

    /// <summary>The loss allowance of a loan for its IFRS 9 stage: the one rule of every provisions run.</summary>
    /// <param name="stage">The stage: 1, 2 or 3.</param>
    /// <param name="ecl12Month">The 12-month ECL (currency).</param>
    /// <param name="eclLifetime">The lifetime ECL (currency).</param>
    /// <param name="ead">The exposure, &gt;= 0 (currency).</param>
    /// <param name="lgd">The loss given default of the ECL, a fraction in [0, 1].</param>
    /// <param name="impairment">The individually assessed allowance of a stage-3 loan, &gt;= 0 (currency); null when not given.</param>
    /// <returns>Stage 1: the 12-month ECL; stage 2: the lifetime ECL; stage 3: <paramref name="impairment"/> when given, else
    /// LGD x EAD (PD = 1, the LGD taken as already discounted) (currency).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>IFRS 9 5.5.3 (lifetime ECL after a significant increase in credit risk), 5.5.5 (12-month ECL otherwise) and
    /// 5.5.33 / B5.5.33 (credit-impaired assets: the difference between the gross carrying amount and the present value of the
    /// estimated cash flows, here the impairment when assessed individually).</remarks>
    public static double Allowance(int stage, double ecl12Month, double eclLifetime, double ead, double lgd, double? impairment = null)
    {
        if (stage is < 1 or > 3)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(stage), stage, "{1, 2, 3}");
        }

        if (!(ecl12Month >= 0 && double.IsFinite(ecl12Month)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ecl12Month), ecl12Month, "[0, inf)");
        }

        if (!(eclLifetime >= 0 && double.IsFinite(eclLifetime)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eclLifetime), eclLifetime, "[0, inf)");
        }

        if (!(ead >= 0 && double.IsFinite(ead)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ead), ead, "[0, inf)");
        }

        if (!(lgd >= 0 && lgd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lgd), lgd, "[0, 1]");
        }

        if (impairment is double m && !(m >= 0 && double.IsFinite(m)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(impairment), m, "[0, inf) or null");
        }

        return AllowanceUnchecked(stage, ecl12Month, eclLifetime, lgd, ead, impairment ?? double.NaN);
    }

    /// <summary><see cref="Allowance"/> unchecked, NaN impairment for none.</summary>
    internal static double AllowanceUnchecked(int stage, double ecl12, double eclLife, double lgd, double ead, double impairment) => stage switch
    {
        1 => ecl12,
        2 => eclLife,
        _ => double.IsNaN(impairment) ? lgd * ead : impairment,
    };

    internal static EclResult ComputeUnchecked(ReadOnlySpan<double> c, int p, double remainingYears, double ead,
        double lgd, double eir, EadProfile profile, double prepaymentRate)
    {
        if (c[0] >= 1.0)
        {
            double loss = lgd * ead;
            return new EclResult(1.0, 1.0, loss, loss);
        }

        double u = remainingYears * p;
        double ur = Math.Round(u);
        if (Math.Abs(u - ur) < WholePeriodTolerance * p)
        {
            u = ur;
        }

        u = Math.Min(u, c.Length - 1);
        double h = Math.Min(p, u);

        // One pass: when the term is longer than a year, the 12-month sum is the lifetime sum's first p terms (the same
        // terms added in the same order, so the same bits as summing them separately).
        int prefix = h == u ? 0 : p;
        double life = Sum(c, p, u, u, ead, lgd, eir, profile, prepaymentRate, prefix, out double twelveSum);
        double twelve = h == u ? life : lgd * twelveSum;
        return new EclResult(At(c, h), At(c, u), twelve, life);
    }

    private static double At(ReadOnlySpan<double> c, double u)
    {
        int k = (int)u;
        double f = u - k;
        return f == 0 ? c[k] : c[k] + (f * (c[k + 1] - c[k]));
    }

    /// <summary>LGD x the sum over the periods up to <paramref name="horizon"/>; <paramref name="prefixSum"/> is the sum
    /// (without LGD) of the first <paramref name="prefix"/> terms (0: not wanted).</summary>
    private static double Sum(ReadOnlySpan<double> c, int p, double u, double horizon, double ead, double lgd, double eir,
        EadProfile profile, double prepaymentRate, int prefix, out double prefixSum)
    {
        prefixSum = 0;
        int n = (int)Math.Ceiling(horizon);
        double growth = Math.Pow(1 + eir, 1.0 / p);
        double df = 1.0;
        double survive = 1.0;
        double keep = Math.Pow(1 - prepaymentRate, 1.0 / p);
        bool annuity = profile == EadProfile.Annuity && eir != 0;
        double vTerm = annuity ? Math.Pow(1 + eir, -u / p) : 0;
        double annuityFactor = vTerm;
        double sum = 0;
        double prev = c[0];
        for (int t = 1; t <= n; t++)
        {
            double s = t - 1;
            double exposure = profile switch
            {
                EadProfile.Bullet => ead,
                EadProfile.Linear => ead * (1 - (s / u)),
                _ => annuity ? ead * (1 - annuityFactor) / (1 - vTerm) : ead * (1 - (s / u)),
            };
            double cum;
            if (t < n || horizon == n)
            {
                df /= growth;
                cum = c[t];
            }
            else
            {
                df = Math.Pow(1 + eir, -horizon / p);
                cum = At(c, horizon);
            }

            sum += (cum - prev) * exposure * survive * df;
            if (t == prefix)
            {
                prefixSum = sum;
            }

            prev = cum;
            survive *= keep;
            annuityFactor *= growth;
        }

        return lgd * sum;
    }
}
