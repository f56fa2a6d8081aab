using System.Runtime.CompilerServices;
using ValueCore.Internal;
using ValueCore.Numerics;

namespace ValueCore.Capital;

/// <summary>
/// The Basel IRB (asymptotic single risk factor) capital requirement per exposure: asset correlation, maturity
/// adjustment and the capital requirement K, as scalar functions and span kernels of the same name.
/// </summary>
/// <remarks>
/// <para>Source: Basel Committee on Banking Supervision, "International Convergence of Capital Measurement and
/// Capital Standards — A Revised Framework, Comprehensive Version" (June 2006), paragraphs 272-273 (corporate,
/// sovereign and bank exposures, firm-size adjustment for SMEs) and 328-330 (retail). The confidence level 0.999 is a
/// parameter q so that economic capital can be held at a bank's own target; see docs/methodology.md.</para>
/// <para>K = LGD · [N((G(PD) + sqrt(R) · G(q)) / sqrt(1 - R)) - PD] · MA, with MA the maturity adjustment (1 for retail).
/// For a defaulted exposure (PD = 1) K = max(0, LGD - BEEL) (para 272, footnote on defaulted exposures).</para>
/// </remarks>
public static class IrbFormula
{
    /// <summary>The value of <c>salesEurMillions</c> that means "sales not reported": no firm-size adjustment.</summary>
    public const double NoSales = double.PositiveInfinity;

    /// <summary>The technical PD floor, 0.002% (0.00002): the IRB formula is evaluated at no lower PD, for every asset class.</summary>
    /// <remarks>
    /// <para>It applies after the regulatory floor (<see cref="IrbOptions.FloorFor"/>), also when that floor is 0 (sovereigns,
    /// or a PD floor of 0 chosen by the user), so it binds only below the regulatory floors. Below it the formula misbehaves:
    /// the maturity adjustment MA = (1 + (M - 2.5) b) / (1 - 1.5 b) has a pole at b = 2/3, i.e. PD = 2.93e-6, above which it
    /// rises without bound as PD falls (so K falls as PD rises) and below which MA and K are negative. A sweep (maturities 1 to 5,
    /// every class's correlation including the firm-size adjustment, confidences <see cref="MinimumConfidence"/> to
    /// <see cref="MaximumConfidence"/>) finds K decreasing in PD up to PD = 1.58e-5 at the worst case (M = 5, q = 0.999999),
    /// 9.9e-6 at q = 0.999; the floor leaves a margin above that. For the retail classes (no MA) the floor keeps the
    /// conditional default rate above PD: without it N(x) - PD turns negative for PDs below about 1e-10 (other retail,
    /// q = 0.9). See docs/methodology.md, section 2.</para>
    /// </remarks>
    public const double TechnicalPdFloor = 0.00002;

    /// <summary>The confidence level of the regulatory capital requirement (Basel II para 272): 0.999.</summary>
    public const double RegulatoryConfidence = 0.999;

    /// <summary>The lowest confidence level the formula accepts: 0.9 (below about 0.86 K turns negative at the technical PD floor).</summary>
    public const double MinimumConfidence = 0.9;

    /// <summary>The highest confidence level the formula accepts: 0.999999 (above it K falls with PD within (0, 1%] for M &gt; 1).</summary>
    public const double MaximumConfidence = 0.999999;

    /// <summary>The scaling factor of the regulatory capital requirement (RWA) under a regime.</summary>
    /// <param name="regime">The regime.</param>
    /// <returns>1.06 under Basel II (para 44, applied to every IRB risk-weighted asset amount, defaulted exposures included);
    /// 1 under Basel III (the December 2017 reforms, BCBS "Basel III: Finalising post-crisis reforms", drop it).</returns>
    public static double RegulatoryScalingFactor(CapitalRegime regime) => regime == CapitalRegime.Basel3 ? 1.0 : 1.06;

    /// <summary>The regulatory PD floor of an asset class under a regime.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="regime">The regime.</param>
    /// <returns>The floor as a fraction: Basel II 0.0003 (sovereign 0); Basel III 0.0005, qualifying revolving retail 0.0010 (sovereign 0).</returns>
    /// <remarks>Basel II paras 285 and 331; Basel III CRE32.3, CRE32.22 and CRE32.33 (December 2017 reforms).</remarks>
    public static double RegulatoryPdFloor(AssetClass assetClass, CapitalRegime regime) => (assetClass, regime) switch
    {
        (AssetClass.Sovereign, _) => 0.0,
        (AssetClass.RetailRevolving, CapitalRegime.Basel3) => 0.0010,
        (_, CapitalRegime.Basel3) => 0.0005,
        _ => 0.0003,
    };

    /// <summary>The asset correlation R of an exposure.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="pd">The (floored) one-year probability of default, in (0, 1].</param>
    /// <param name="salesEurMillions">Annual sales of the borrower in EUR millions, &gt;= 0, or <see cref="NoSales"/>; used only for
    /// <see cref="AssetClass.Corporate"/> and <see cref="AssetClass.Sme"/> below 50 (clipped to [5, 50]).</param>
    /// <returns>R, a fraction.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>
    /// Corporate, sovereign, bank (para 272): R = 0.12 f + 0.24 (1 - f), f = (1 - e^(-50 PD)) / (1 - e^(-50)); firm-size
    /// adjustment (para 273): - 0.04 (1 - (S - 5) / 45). Mortgage (para 328): 0.15. Qualifying revolving (para 329): 0.04.
    /// Other retail (para 330): 0.03 g + 0.16 (1 - g), g = (1 - e^(-35 PD)) / (1 - e^(-35)).
    /// </remarks>
    public static double Correlation(AssetClass assetClass, double pd, double salesEurMillions)
    {
        CheckAssetClass(assetClass);
        CheckPd(pd);
        CheckSales(salesEurMillions);
        return CorrelationUnchecked(assetClass, pd, salesEurMillions);
    }

    /// <summary>The asset correlation R element-wise.</summary>
    /// <param name="assetClass">The asset classes.</param>
    /// <param name="pd">The (floored) PDs, each in (0, 1].</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions or <see cref="NoSales"/>.</param>
    /// <param name="destination">Receives R.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static void Correlation(ReadOnlySpan<AssetClass> assetClass, ReadOnlySpan<double> pd, ReadOnlySpan<double> salesEurMillions, Span<double> destination)
    {
        SpanGuard.SameLength(pd, assetClass.Length);
        SpanGuard.SameLength(salesEurMillions, assetClass.Length);
        SpanGuard.Destination(assetClass, destination);
        SpanGuard.NoPartialOverlap(pd, destination);
        SpanGuard.NoPartialOverlap(salesEurMillions, destination);
        for (int i = 0; i < assetClass.Length; i++)
        {
            destination[i] = Correlation(assetClass[i], pd[i], salesEurMillions[i]);
        }
    }

    /// <summary>The maturity adjustment MA of an exposure (1 for retail classes).</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="pd">The (floored) PD, in (0, 1].</param>
    /// <param name="maturityYears">Effective maturity in years, &gt; 0 (clipped to [1, 5]); ignored for retail.</param>
    /// <returns>MA = (1 + (M - 2.5) b) / (1 - 1.5 b), b = (0.11852 - 0.05478 ln PD)^2 (para 272), at PD floored at
    /// <see cref="TechnicalPdFloor"/>, so MA is finite and at least 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double MaturityAdjustment(AssetClass assetClass, double pd, double maturityYears)
    {
        CheckAssetClass(assetClass);
        CheckPd(pd);
        if (HasMaturityAdjustment(assetClass) && !(maturityYears > 0.0 && maturityYears < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maturityYears), maturityYears, "(0, inf)");
        }

        return MaturityAdjustmentUnchecked(assetClass, Math.Max(pd, TechnicalPdFloor), maturityYears);
    }

    /// <summary>The maturity adjustment element-wise.</summary>
    /// <param name="assetClass">The asset classes.</param>
    /// <param name="pd">The (floored) PDs.</param>
    /// <param name="maturityYears">Effective maturities in years.</param>
    /// <param name="destination">Receives MA.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static void MaturityAdjustment(ReadOnlySpan<AssetClass> assetClass, ReadOnlySpan<double> pd, ReadOnlySpan<double> maturityYears, Span<double> destination)
    {
        SpanGuard.SameLength(pd, assetClass.Length);
        SpanGuard.SameLength(maturityYears, assetClass.Length);
        SpanGuard.Destination(assetClass, destination);
        SpanGuard.NoPartialOverlap(pd, destination);
        SpanGuard.NoPartialOverlap(maturityYears, destination);
        for (int i = 0; i < assetClass.Length; i++)
        {
            destination[i] = MaturityAdjustment(assetClass[i], pd[i], maturityYears[i]);
        }
    }

    /// <summary>The capital requirement K of a performing exposure, per unit of EAD.</summary>
    /// <param name="pd">The (floored) PD, in (0, 1].</param>
    /// <param name="lgd">Loss given default, in [0, 1].</param>
    /// <param name="correlation">Asset correlation R, in [0, 1).</param>
    /// <param name="maturityAdjustment">The maturity adjustment, &gt; 0 (1 for retail).</param>
    /// <param name="confidence">The confidence q, in [<see cref="MinimumConfidence"/>, <see cref="MaximumConfidence"/>]; 0.999 is the regulatory value.</param>
    /// <returns>K = LGD [N((G(PD) + sqrt(R) G(q)) / sqrt(1 - R)) - PD] MA, &gt;= 0 and finite (a difference within the
    /// rounding of N(G(PD)), e.g. at R = 0, gives 0); 0 when PD = 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range, or the conditional default rate
    /// N(...) is below PD for this PD, correlation and confidence (K would be negative: the formula does not apply).</exception>
    public static double CapitalRequirement(double pd, double lgd, double correlation, double maturityAdjustment, double confidence)
    {
        CheckPd(pd);
        CheckLgd(lgd);
        CheckCorrelation(correlation);
        CheckMaturityAdjustment(maturityAdjustment);
        CheckConfidence(confidence);
        double gq = NormalDistribution.InverseCdfUnchecked(confidence);
        CheckConditionalRate(pd, correlation, gq);
        return Math.Max(0.0, CapitalRequirementUnchecked(pd, lgd, correlation, maturityAdjustment, gq));
    }

    /// <summary>The capital requirement K element-wise (performing exposures).</summary>
    /// <param name="pd">The (floored) PDs, each in (0, 1].</param>
    /// <param name="lgd">LGDs, each in [0, 1].</param>
    /// <param name="correlation">Asset correlations, each in [0, 1).</param>
    /// <param name="maturityAdjustment">Maturity adjustments, each &gt; 0.</param>
    /// <param name="confidence">The confidence q, in [<see cref="MinimumConfidence"/>, <see cref="MaximumConfidence"/>], common to all exposures.</param>
    /// <param name="destination">Receives K.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range, or its K would be negative (see the scalar overload).</exception>
    public static void CapitalRequirement(ReadOnlySpan<double> pd, ReadOnlySpan<double> lgd, ReadOnlySpan<double> correlation,
        ReadOnlySpan<double> maturityAdjustment, double confidence, Span<double> destination)
    {
        SpanGuard.SameLength(lgd, pd.Length);
        SpanGuard.SameLength(correlation, pd.Length);
        SpanGuard.SameLength(maturityAdjustment, pd.Length);
        SpanGuard.Destination(pd, destination);
        SpanGuard.NoPartialOverlap(pd, destination);
        SpanGuard.NoPartialOverlap(lgd, destination);
        SpanGuard.NoPartialOverlap(correlation, destination);
        SpanGuard.NoPartialOverlap(maturityAdjustment, destination);
        CheckConfidence(confidence);
        double gq = NormalDistribution.InverseCdfUnchecked(confidence);
        for (int i = 0; i < pd.Length; i++)
        {
            double p = pd[i], l = lgd[i], r = correlation[i], ma = maturityAdjustment[i];
            CheckPd(p);
            CheckLgd(l);
            CheckCorrelation(r);
            CheckMaturityAdjustment(ma);
            CheckConditionalRate(p, r, gq);
            destination[i] = Math.Max(0.0, CapitalRequirementUnchecked(p, l, r, ma, gq));
        }
    }

    /// <summary>The economic capital requirement of one exposure from its raw inputs: PD floors, correlation, maturity adjustment, K
    /// at the confidence of <paramref name="options"/>, without any scaling factor.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="pd">The one-year PD, in (0, 1]; 1 means defaulted.</param>
    /// <param name="lgd">LGD, in [0, 1].</param>
    /// <param name="maturityYears">Effective maturity in years, &gt; 0 (ignored for retail).</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions or <see cref="NoSales"/>.</param>
    /// <param name="options">Floors and confidence; null for <see cref="IrbOptions.Default"/>.</param>
    /// <returns>K per unit of EAD, &gt;= 0 and finite, at PD floored by the regime (or the user's floor) and then by
    /// <see cref="TechnicalPdFloor"/>; for a defaulted exposure max(0, LGD - BEEL) with BEEL = LGD, i.e. 0 (use
    /// <see cref="DefaultedCapitalRequirement"/> to give a BEEL).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double CapitalRequirement(AssetClass assetClass, double pd, double lgd, double maturityYears, double salesEurMillions, IrbOptions? options)
    {
        options ??= IrbOptions.Default;
        return CapitalRequirementAt(assetClass, pd, lgd, maturityYears, salesEurMillions, options, options.Confidence);
    }

    /// <summary>The regulatory capital requirement of one exposure: K at q = 0.999 times the regime's scaling factor, so that
    /// RWA = 12.5 x K x EAD.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <param name="pd">The one-year PD, in (0, 1]; 1 means defaulted.</param>
    /// <param name="lgd">LGD, in [0, 1].</param>
    /// <param name="maturityYears">Effective maturity in years, &gt; 0 (ignored for retail).</param>
    /// <param name="salesEurMillions">Annual sales in EUR millions or <see cref="NoSales"/>.</param>
    /// <param name="options">Regime and floors (its confidence is not used); null for <see cref="IrbOptions.Default"/>.</param>
    /// <returns><see cref="RegulatoryScalingFactor"/> x K(q = 0.999) per unit of EAD, with the same PD floors as
    /// <see cref="CapitalRequirement(AssetClass, double, double, double, double, IrbOptions)"/>; 0 for a defaulted exposure
    /// (BEEL = LGD; scale <see cref="DefaultedCapitalRequirement"/> to give a BEEL).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>Basel II paras 44 and 272 (RWA = K x 12.5 x EAD, times 1.06); Basel III: no scaling factor.</remarks>
    public static double RegulatoryCapitalRequirement(AssetClass assetClass, double pd, double lgd, double maturityYears, double salesEurMillions, IrbOptions? options)
    {
        options ??= IrbOptions.Default;
        return RegulatoryScalingFactor(options.Regime) * CapitalRequirementAt(assetClass, pd, lgd, maturityYears, salesEurMillions, options, RegulatoryConfidence);
    }

    private static double CapitalRequirementAt(AssetClass assetClass, double pd, double lgd, double maturityYears, double salesEurMillions, IrbOptions options, double confidence)
    {
        CheckAssetClass(assetClass);
        CheckPd(pd);
        CheckLgd(lgd);
        CheckSales(salesEurMillions);
        if (HasMaturityAdjustment(assetClass) && !(maturityYears > 0.0 && maturityYears < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maturityYears), maturityYears, "(0, inf)");
        }

        if (pd == 1.0)
        {
            return 0.0;
        }

        double p = Math.Max(pd, options.ValuationFloorFor(assetClass));
        double r = CorrelationUnchecked(assetClass, p, salesEurMillions);
        double ma = MaturityAdjustmentUnchecked(assetClass, p, maturityYears);
        return CapitalRequirementUnchecked(p, lgd, r, ma, NormalDistribution.InverseCdfUnchecked(confidence));
    }

    /// <summary>The capital requirement of a defaulted exposure (PD = 1).</summary>
    /// <param name="lgd">LGD, in [0, 1].</param>
    /// <param name="bestEstimateExpectedLoss">The bank's best estimate of expected loss (BEEL), in [0, 1].</param>
    /// <returns>K = max(0, LGD - BEEL), so that EL + UL = LGD.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside [0, 1].</exception>
    public static double DefaultedCapitalRequirement(double lgd, double bestEstimateExpectedLoss)
    {
        CheckLgd(lgd);
        if (!(bestEstimateExpectedLoss >= 0.0 && bestEstimateExpectedLoss <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(bestEstimateExpectedLoss), bestEstimateExpectedLoss, "[0, 1]");
        }

        return Math.Max(0.0, lgd - bestEstimateExpectedLoss);
    }

    /// <summary>Expected loss EL = PD x LGD x EAD.</summary>
    /// <param name="pd">PD, in [0, 1].</param>
    /// <param name="lgd">LGD, in [0, 1].</param>
    /// <param name="ead">Exposure at default, &gt;= 0, in currency.</param>
    /// <returns>EL in the currency of <paramref name="ead"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double ExpectedLoss(double pd, double lgd, double ead)
    {
        if (!(pd >= 0.0 && pd <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd, "[0, 1]");
        }

        CheckLgd(lgd);
        CheckEad(ead);
        return pd * lgd * ead;
    }

    /// <summary>Expected loss element-wise.</summary>
    /// <param name="pd">PDs.</param>
    /// <param name="lgd">LGDs.</param>
    /// <param name="ead">EADs.</param>
    /// <param name="destination">Receives EL.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static void ExpectedLoss(ReadOnlySpan<double> pd, ReadOnlySpan<double> lgd, ReadOnlySpan<double> ead, Span<double> destination)
    {
        SpanGuard.SameLength(lgd, pd.Length);
        SpanGuard.SameLength(ead, pd.Length);
        SpanGuard.Destination(pd, destination);
        SpanGuard.NoPartialOverlap(pd, destination);
        SpanGuard.NoPartialOverlap(lgd, destination);
        SpanGuard.NoPartialOverlap(ead, destination);
        for (int i = 0; i < pd.Length; i++)
        {
            destination[i] = ExpectedLoss(pd[i], lgd[i], ead[i]);
        }
    }

    internal static bool HasMaturityAdjustment(AssetClass assetClass) => assetClass <= AssetClass.Sme;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double CorrelationUnchecked(AssetClass assetClass, double pd, double salesEurMillions)
    {
        switch (assetClass)
        {
            case AssetClass.RetailMortgage:
                return 0.15;
            case AssetClass.RetailRevolving:
                return 0.04;
            case AssetClass.RetailOther:
            {
                double g = -double.ExpM1(-35.0 * pd) / (-double.ExpM1(-35.0));
                return (0.03 * g) + (0.16 * (1.0 - g));
            }

            default:
            {
                double f = -double.ExpM1(-50.0 * pd) / (-double.ExpM1(-50.0));
                double r = (0.12 * f) + (0.24 * (1.0 - f));
                if (assetClass is AssetClass.Corporate or AssetClass.Sme && salesEurMillions < 50.0)
                {
                    double s = Math.Max(salesEurMillions, 5.0);
                    r -= 0.04 * (1.0 - ((s - 5.0) / 45.0));
                }

                return r;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double MaturityAdjustmentUnchecked(AssetClass assetClass, double pd, double maturityYears)
    {
        if (!HasMaturityAdjustment(assetClass))
        {
            return 1.0;
        }

        return MaturityAdjustmentFromSlope(MaturitySlopeUnchecked(pd), maturityYears);
    }

    /// <summary>The maturity adjustment's slope b(PD) = (0.11852 - 0.05478 ln PD)^2 (Basel II para 272).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double MaturitySlopeUnchecked(double pd)
    {
        double b = 0.11852 - (0.05478 * Math.Log(pd));
        return b * b;
    }

    /// <summary>MA = (1 + (M - 2.5) b) / (1 - 1.5 b), M clipped to [1, 5], from the slope b of <see cref="MaturitySlopeUnchecked"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double MaturityAdjustmentFromSlope(double b, double maturityYears)
    {
        double m = Math.Clamp(maturityYears, 1.0, 5.0);
        return (1.0 + ((m - 2.5) * b)) / (1.0 - (1.5 * b));
    }

    /// <summary>K for a performing exposure given G(q); pd in (0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double CapitalRequirementUnchecked(double pd, double lgd, double correlation, double maturityAdjustment, double gq)
    {
        if (pd >= 1.0)
        {
            return 0.0;
        }

        return lgd * ConditionalExcessLossRateUnchecked(pd, correlation, gq) * maturityAdjustment;
    }

    /// <summary>
    /// N((G(PD) + sqrt(R) G(q)) / sqrt(1 - R)) - PD: the default rate in the q-quantile state of the systematic factor
    /// less PD, which K multiplies by LGD and MA; pd in (0, 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ConditionalExcessLossRateUnchecked(double pd, double correlation, double gq)
    {
        double x = (NormalDistribution.InverseCdfUnchecked(pd) + (Math.Sqrt(correlation) * gq)) / Math.Sqrt(1.0 - correlation);
        return NormalDistribution.CdfUnchecked(x) - pd;
    }

    private static void CheckAssetClass(AssetClass assetClass)
    {
        if ((uint)assetClass > (uint)AssetClass.RetailOther)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(assetClass), (double)assetClass, "the defined asset classes");
        }
    }

    private static void CheckPd(double pd)
    {
        if (!(pd > 0.0 && pd <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd, "(0, 1]");
        }
    }

    private static void CheckLgd(double lgd)
    {
        if (!(lgd >= 0.0 && lgd <= 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lgd), lgd, "[0, 1]");
        }
    }

    private static void CheckEad(double ead)
    {
        if (!(ead >= 0.0 && ead < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ead), ead, "[0, inf)");
        }
    }

    private static void CheckSales(double salesEurMillions)
    {
        if (!(salesEurMillions >= 0.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(salesEurMillions), salesEurMillions, "[0, inf] (NoSales = +inf)");
        }
    }

    private static void CheckCorrelation(double correlation)
    {
        if (!(correlation >= 0.0 && correlation < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(correlation), correlation, "[0, 1)");
        }
    }

    private static void CheckMaturityAdjustment(double maturityAdjustment)
    {
        if (!(maturityAdjustment > 0.0 && maturityAdjustment < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maturityAdjustment), maturityAdjustment, "(0, inf)");
        }
    }

    private static void CheckConfidence(double confidence)
    {
        if (!(confidence >= MinimumConfidence && confidence <= MaximumConfidence))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(confidence), confidence, ConfidenceRange);
        }
    }

    /// <summary>The accepted confidence range as text, for messages.</summary>
    internal const string ConfidenceRange = "[0.9, 0.999999] (outside it K is negative or falls as PD rises; see docs/methodology.md)";

    /// <summary>
    /// How far below PD the conditional default rate may come out and still count as equal to it (K = 0): the rounding of
    /// N(G(PD)), whose round trip is exact to about 1e-13 relative (docs/methodology.md, Normal distribution), e.g. at R = 0.
    /// </summary>
    private const double ConditionalRateRoundingTolerance = 1e-13;

    private static void CheckConditionalRate(double pd, double correlation, double gq)
    {
        if (pd < 1.0 && !(ConditionalExcessLossRateUnchecked(pd, correlation, gq) >= -ConditionalRateRoundingTolerance * pd))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd,
                "a PD at which the conditional default rate N((G(PD) + sqrt(R) G(q)) / sqrt(1 - R)) is at least PD (here it is below: K would be negative for this PD, correlation and confidence)");
        }
    }
}
