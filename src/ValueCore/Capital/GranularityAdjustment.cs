using ValueCore.Internal;
using ValueCore.Numerics;

namespace ValueCore.Capital;

/// <summary>
/// The granularity adjustment of Gordy and Lütkebohmert (2013): the capital for the name concentration that the ASRF
/// (IRB) formula leaves out, by obligor (loans of one customer aggregated).
/// </summary>
/// <remarks>
/// <para>Source: M. B. Gordy and E. Lütkebohmert, "Granularity adjustment for regulatory capital assessment", International
/// Journal of Central Banking 9(3), September 2013, 33-71: the single-factor CreditRisk+ setting with a systematic factor
/// X ~ Gamma(ξ, 1/ξ), defaults Poisson given X, LGD random with mean ELGD and variance VLGD², calibrated to the IRB
/// formula so that the conditional expected loss at the q-quantile of X is K_i + R_i.</para>
/// <para>GA = 1/(2 K*) Σ s_i² [δ (C_i (K_i + R_i) + (K_i + R_i)² VLGD_i²/ELGD_i²) - K_i (C_i + 2 (K_i + R_i) VLGD_i²/ELGD_i²)],
/// with s_i the obligor's share of EAD, K_i its IRB capital per unit EAD, R_i = ELGD_i PD_i its EL rate, K* = Σ s_i K_i,
/// C_i = (ELGD_i² + VLGD_i²) / ELGD_i, VLGD_i² = γ ELGD_i (1 - ELGD_i) and δ = (α_q - 1)(ξ + (1 - ξ)/α_q), α_q the q-quantile
/// of X. The paper's parameters: ξ = 0.25, γ = 0.25, giving δ = 4.83 at q = 0.999. (Derivation: GA = -1/(2h) d/dx[h ν / μ']
/// at x = α_q, h the gamma density, μ and ν the conditional mean and variance of the loss.)</para>
/// <para>An obligor's EAD is the sum of its loans', ELGD, PD and R_i their EAD-weighted means, K_i its loans' capital over its EAD.
/// Defaulted obligors (PD = 1) and obligors without EAD or without LGD are left out (they carry no idiosyncratic default risk).
/// For n equal obligors with deterministic LGD (γ = 0), GA = ELGD (δ (K + R) - K) / (2 n K): proportional to 1/n.
/// See docs/montecarlo.md.</para>
/// </remarks>
public static class GranularityAdjustment
{
    /// <summary>The precision ξ of the systematic factor in Gordy and Lütkebohmert (2013): 0.25.</summary>
    public const double DefaultFactorPrecision = 0.25;

    /// <summary>The LGD volatility parameter γ in Gordy and Lütkebohmert (2013), VLGD² = γ ELGD (1 - ELGD): 0.25.</summary>
    public const double DefaultLgdVolatility = 0.25;

    /// <summary>The regulatory parameter δ of the adjustment.</summary>
    /// <param name="confidence">The confidence q, in [0.5, 1).</param>
    /// <param name="factorPrecision">The precision ξ of the gamma factor, in (0, 100].</param>
    /// <returns>δ = (α_q - 1)(ξ + (1 - ξ)/α_q), α_q the q-quantile of Gamma(shape ξ, scale 1/ξ); 4.83 at q = 0.999, ξ = 0.25.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double Delta(double confidence, double factorPrecision)
    {
        if (!(confidence >= 0.5 && confidence < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(confidence), confidence, "[0.5, 1)");
        }

        if (!(factorPrecision > 0.0 && factorPrecision <= 100.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(factorPrecision), factorPrecision, "(0, 100]");
        }

        double alpha = GammaDistribution.Quantile(confidence, factorPrecision, 1.0 / factorPrecision);
        return (alpha - 1.0) * (factorPrecision + ((1.0 - factorPrecision) / alpha));
    }

    /// <summary>Computes the granularity adjustment of a portfolio from its loans.</summary>
    /// <param name="ead">EAD of each loan, finite and &gt;= 0, in currency.</param>
    /// <param name="pd">The (floored) PD of each loan, in (0, 1]; 1 = defaulted.</param>
    /// <param name="lgd">The expected LGD of each loan, in [0, 1].</param>
    /// <param name="capital">The ASRF (IRB) capital of each loan, K x EAD, finite and &gt;= 0, in currency, at the confidence of <paramref name="options"/>.</param>
    /// <param name="obligorOfLoan">The obligor index of each loan, &gt;= 0 (loans of one customer share it).</param>
    /// <param name="options">Confidence, ξ and γ; null for <see cref="GranularityOptions.Default"/>.</param>
    /// <returns>The adjustment.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static GranularityResult Compute(ReadOnlySpan<double> ead, ReadOnlySpan<double> pd, ReadOnlySpan<double> lgd, ReadOnlySpan<double> capital,
        ReadOnlySpan<int> obligorOfLoan, GranularityOptions? options)
    {
        int n = ead.Length;
        SpanGuard.SameLength(pd, n);
        SpanGuard.SameLength(lgd, n);
        SpanGuard.SameLength(capital, n);
        SpanGuard.SameLength(obligorOfLoan, n);
        options ??= GranularityOptions.Default;
        int obligors = 0;
        for (int i = 0; i < n; i++)
        {
            Check(ead[i] >= 0.0 && ead[i] < double.PositiveInfinity, nameof(ead), ead[i], "[0, inf)");
            Check(pd[i] > 0.0 && pd[i] <= 1.0, nameof(pd), pd[i], "(0, 1]");
            Check(lgd[i] >= 0.0 && lgd[i] <= 1.0, nameof(lgd), lgd[i], "[0, 1]");
            Check(capital[i] >= 0.0 && capital[i] < double.PositiveInfinity, nameof(capital), capital[i], "[0, inf)");
            Check(obligorOfLoan[i] >= 0, nameof(obligorOfLoan), obligorOfLoan[i], "[0, inf)");
            obligors = Math.Max(obligors, obligorOfLoan[i] + 1);
        }

        // Per obligor: EAD, EAD x LGD, EAD x PD, EAD x LGD x PD, capital; summed in loan order.
        var e = new NeumaierSum[obligors];
        var le = new NeumaierSum[obligors];
        var pe = new NeumaierSum[obligors];
        var re = new NeumaierSum[obligors];
        var ke = new NeumaierSum[obligors];
        for (int i = 0; i < n; i++)
        {
            int o = obligorOfLoan[i];
            e[o].Add(ead[i]);
            le[o].Add(ead[i] * lgd[i]);
            pe[o].Add(ead[i] * pd[i]);
            re[o].Add(ead[i] * lgd[i] * pd[i]);
            ke[o].Add(capital[i]);
        }

        NeumaierSum total = default, kTotal = default;
        int included = 0, defaulted = 0;
        var use = new bool[obligors];
        for (int o = 0; o < obligors; o++)
        {
            double eo = e[o].Value;
            if (eo > 0.0 && pe[o].Value / eo >= 1.0)
            {
                defaulted++;
                continue;
            }

            if (eo > 0.0 && le[o].Value > 0.0)
            {
                use[o] = true;
                included++;
                total.Add(eo);
                kTotal.Add(ke[o].Value);
            }
        }

        double delta = Delta(options.Confidence, options.FactorPrecision);
        double eadTotal = total.Value, asrf = kTotal.Value;
        if (!(eadTotal > 0.0 && asrf > 0.0))
        {
            return new GranularityResult(0.0, eadTotal, asrf, delta, included, defaulted);
        }

        double kStar = asrf / eadTotal;
        double gamma = options.LgdVolatility;
        NeumaierSum sum = default;
        for (int o = 0; o < obligors; o++)
        {
            if (!use[o])
            {
                continue;
            }

            double eo = e[o].Value;
            double s = eo / eadTotal;
            double elgd = le[o].Value / eo;
            double k = ke[o].Value / eo;
            double r = re[o].Value / eo;
            double vOverL2 = gamma * (1.0 - elgd) / elgd;     // VLGD² / ELGD²
            double c = elgd + (gamma * (1.0 - elgd));         // (ELGD² + VLGD²) / ELGD
            double mu = k + r;
            sum.Add(s * s * ((delta * ((c * mu) + (mu * mu * vOverL2))) - (k * (c + (2.0 * mu * vOverL2)))));
        }

        return new GranularityResult(sum.Value / (2.0 * kStar), eadTotal, asrf, delta, included, defaulted);
    }

    private static void Check(bool ok, string name, double value, string allowed)
    {
        if (!ok)
        {
            ThrowHelper.ArgumentOutOfRange(name, value, allowed);
        }
    }
}
