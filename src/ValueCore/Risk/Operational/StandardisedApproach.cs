using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Risk.Operational;

/// <summary>
/// The Basel III standardised approach for operational risk capital (Basel Framework chapter OPE25, December 2017
/// reforms): business indicator, business indicator component, loss component, internal loss multiplier, capital.
/// </summary>
/// <remarks>
/// <para>ORC = BIC x ILM; RWA = 12.5 ORC (OPE25.2). BI = ILDC + SC + FC (OPE25.4), each a three-year average (OPE25.5).</para>
/// <para>BIC = 12% of BI up to EUR 1bn, 15% of the part between EUR 1bn and 30bn, 18% above (OPE25.7, Table 1; footnote 2:
/// BI = EUR 35bn gives BIC = 1 x 12% + 29 x 15% + 5 x 18% = EUR 5.37bn).</para>
/// <para>ILM = ln(e - 1 + (LC / BIC)^0.8) (OPE25.8); LC = 15 x average annual operational loss over the previous ten
/// years (OPE25.9); ILM = 1 for bucket-1 banks unless the supervisor allows losses, and supervisors may set ILM = 1
/// for all banks (OPE25.11). Losses enter above the EUR 20,000 gross-loss threshold, which the supervisor may raise
/// to EUR 100,000 for buckets 2 and 3.</para>
/// </remarks>
public static class StandardisedApproach
{
    /// <summary>The upper end of bucket 1, EUR 1bn (OPE25.7 Table 1).</summary>
    public const double BucketOneLimitEur = 1e9;

    /// <summary>The upper end of bucket 2, EUR 30bn (OPE25.7 Table 1).</summary>
    public const double BucketTwoLimitEur = 30e9;

    /// <summary>The minimum gross-loss threshold of the loss data, EUR 20,000.</summary>
    public const double LossThresholdEur = 20_000.0;

    /// <summary>The cap on the net interest margin in the ILDC, 2.25% of interest-earning assets (OPE25.5).</summary>
    public const double InterestMarginCap = 0.0225;

    /// <summary>The multiple of average annual losses that gives the loss component, 15 (OPE25.9).</summary>
    public const double LossComponentMultiple = 15.0;

    /// <summary>The BI components from three years of items (OPE25.5 with its footnote 1: absolute values year by year, then averages).</summary>
    /// <param name="years">The items of the years t, t-1 and t-2 (exactly three, any order).</param>
    /// <returns>ILDC = min(avg |II - IE|, 2.25% avg IEA) + avg DI; SC = max(avg OOI, avg OOE) + max(avg FI, avg FE);
    /// FC = avg |TB P&amp;L| + avg |BB P&amp;L|; in currency.</returns>
    /// <exception cref="ArgumentException">Not exactly three years.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An income, expense, asset or dividend is negative, or an item is not finite.</exception>
    public static BusinessIndicatorComponents ComponentsFromItems(ReadOnlySpan<BusinessIndicatorItems> years)
    {
        if (years.Length != 3)
        {
            ThrowHelper.Argument(nameof(years), string.Create(CultureInfo.InvariantCulture, $"The BI needs exactly three years of items; got {years.Length}."));
        }

        double netInterest = 0, assets = 0, dividends = 0, ooi = 0, ooe = 0, fi = 0, fe = 0, tb = 0, bb = 0;
        foreach (var y in years)
        {
            CheckItems(y);
            netInterest += Math.Abs(y.InterestIncome - y.InterestExpense);
            assets += y.InterestEarningAssets;
            dividends += y.DividendIncome;
            ooi += y.OtherOperatingIncome;
            ooe += y.OtherOperatingExpense;
            fi += y.FeeIncome;
            fe += y.FeeExpense;
            tb += Math.Abs(y.TradingBookPnl);
            bb += Math.Abs(y.BankingBookPnl);
        }

        double ildc = Math.Min(netInterest / 3.0, InterestMarginCap * (assets / 3.0)) + (dividends / 3.0);
        double sc = Math.Max(ooi / 3.0, ooe / 3.0) + Math.Max(fi / 3.0, fe / 3.0);
        double fc = (tb / 3.0) + (bb / 3.0);
        return new BusinessIndicatorComponents(ildc, sc, fc);
    }

    /// <summary>The BI bucket of a business indicator.</summary>
    /// <param name="businessIndicator">BI in the input currency, &gt;= 0.</param>
    /// <param name="currencyPerEur">Units of the input currency per EUR, &gt; 0 (1 for EUR).</param>
    /// <returns>1 for BI &lt;= EUR 1bn, 2 for EUR 1bn &lt; BI &lt;= 30bn, 3 above (OPE25.7 Table 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static int Bucket(double businessIndicator, double currencyPerEur)
    {
        CheckBi(businessIndicator);
        CheckRate(currencyPerEur);
        return businessIndicator <= BucketOneLimitEur * currencyPerEur ? 1 : businessIndicator <= BucketTwoLimitEur * currencyPerEur ? 2 : 3;
    }

    /// <summary>The business indicator component BIC by the marginal coefficients.</summary>
    /// <param name="businessIndicator">BI in the input currency, &gt;= 0.</param>
    /// <param name="currencyPerEur">Units of the input currency per EUR, &gt; 0 (1 for EUR): the thresholds are EUR 1bn and 30bn times this rate.</param>
    /// <returns>BIC = 12% min(BI, T1) + 15% (min(BI, T2) - T1)+ + 18% (BI - T2)+, in the input currency (OPE25.7).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double BusinessIndicatorComponent(double businessIndicator, double currencyPerEur)
    {
        CheckBi(businessIndicator);
        CheckRate(currencyPerEur);
        return BicUnchecked(businessIndicator, currencyPerEur);
    }

    /// <summary>The loss component from the average annual loss.</summary>
    /// <param name="averageAnnualLoss">Average annual net operational loss over the window, in currency, &gt;= 0.</param>
    /// <returns>LC = 15 x average annual loss (OPE25.9), in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The argument is negative or not finite.</exception>
    public static double LossComponent(double averageAnnualLoss)
    {
        if (!(averageAnnualLoss >= 0.0 && double.IsFinite(averageAnnualLoss)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(averageAnnualLoss), averageAnnualLoss, "[0, inf)");
        }

        return LossComponentMultiple * averageAnnualLoss;
    }

    /// <summary>The internal loss multiplier.</summary>
    /// <param name="lossComponent">LC in currency, &gt;= 0.</param>
    /// <param name="businessIndicatorComponent">BIC in the same currency, &gt; 0.</param>
    /// <returns>ILM = ln(e - 1 + (LC / BIC)^0.8) (OPE25.8): 1 when LC = BIC, ln(e - 1) = 0.5413 when LC = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double InternalLossMultiplier(double lossComponent, double businessIndicatorComponent)
    {
        if (!(lossComponent >= 0.0 && double.IsFinite(lossComponent)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lossComponent), lossComponent, "[0, inf)");
        }

        if (!(businessIndicatorComponent > 0.0 && double.IsFinite(businessIndicatorComponent)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(businessIndicatorComponent), businessIndicatorComponent, "(0, inf)");
        }

        return Math.Log(Math.E - 1.0 + Math.Pow(lossComponent / businessIndicatorComponent, 0.8));
    }

    /// <summary>Capital of a bank whose units report three years of BI items: the bank's BI from the item-wise consolidated
    /// items (OPE25.5 applied to the bank), units' BIs from their own items.</summary>
    /// <param name="units">Distinct unit names.</param>
    /// <param name="itemsByUnit">Three years of items per unit, unit-major: element [3u + y].</param>
    /// <param name="losses">The bank's loss events; empty for none (ILM = 1).</param>
    /// <param name="options">Settings; null for <see cref="OperationalRiskOptions.Default"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Lengths do not match, units repeat, or the loss data cover too few years.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An item or loss is outside its range.</exception>
    public static OperationalRiskResult Compute(IReadOnlyList<string> units, ReadOnlySpan<BusinessIndicatorItems> itemsByUnit,
        ReadOnlySpan<OperationalLoss> losses, OperationalRiskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(units);
        SpanGuard.SameLength(itemsByUnit, checked(3 * units.Count));
        var unitComponents = new BusinessIndicatorComponents[units.Count];
        Span<BusinessIndicatorItems> bank = stackalloc BusinessIndicatorItems[3];
        for (int u = 0; u < units.Count; u++)
        {
            var years = itemsByUnit.Slice(3 * u, 3);
            unitComponents[u] = ComponentsFromItems(years);
            for (int y = 0; y < 3; y++)
            {
                bank[y] += years[y];
            }
        }

        return ComputeCore(units, unitComponents, units.Count == 0 ? default : ComponentsFromItems(bank), losses, options);
    }

    /// <summary>Capital of a bank whose units report their BI components; the bank's components are their sums.</summary>
    /// <param name="units">Distinct unit names, at least one.</param>
    /// <param name="components">Each unit's ILDC, SC and FC (three-year averages), each &gt;= 0.</param>
    /// <param name="losses">The bank's loss events; empty for none (ILM = 1).</param>
    /// <param name="options">Settings; null for <see cref="OperationalRiskOptions.Default"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException">Lengths do not match, units repeat, the BI is zero, or the loss data cover too few years.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A component or loss is outside its range.</exception>
    public static OperationalRiskResult Compute(IReadOnlyList<string> units, ReadOnlySpan<BusinessIndicatorComponents> components,
        ReadOnlySpan<OperationalLoss> losses, OperationalRiskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(units);
        SpanGuard.SameLength(components, units.Count);
        double ildc = 0, sc = 0, fc = 0;
        foreach (var c in components)
        {
            CheckComponent(c.Ildc, "ILDC");
            CheckComponent(c.Sc, "SC");
            CheckComponent(c.Fc, "FC");
            ildc += c.Ildc;
            sc += c.Sc;
            fc += c.Fc;
        }

        return ComputeCore(units, components.ToArray(), new BusinessIndicatorComponents(ildc, sc, fc), losses, options);
    }

    private static OperationalRiskResult ComputeCore(IReadOnlyList<string> units, BusinessIndicatorComponents[] unitComponents,
        BusinessIndicatorComponents bank, ReadOnlySpan<OperationalLoss> losses, OperationalRiskOptions? options)
    {
        options ??= OperationalRiskOptions.Default;
        if (units.Count == 0)
        {
            ThrowHelper.Argument(nameof(units), "At least one unit is needed.");
        }

        if (units.Distinct(StringComparer.Ordinal).Count() != units.Count)
        {
            ThrowHelper.Argument(nameof(units), "Unit names must be distinct.");
        }

        double rate = options.CurrencyPerEur;
        double bi = bank.BusinessIndicator;
        if (!(bi > 0.0))
        {
            ThrowHelper.Argument(nameof(units), "The bank's business indicator is zero: the BIC, the ILM and the allocation are not defined.");
        }

        double bic = BicUnchecked(bi, rate);
        int bucket = Bucket(bi, rate);

        // Loss component.
        double? average = null, lc = null;
        int years = 0, used = 0, below = 0, outside = 0;
        if (!losses.IsEmpty)
        {
            int minYear = int.MaxValue, maxYear = int.MinValue;
            foreach (var l in losses)
            {
                if (!(l.NetLoss >= 0.0 && double.IsFinite(l.NetLoss)))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(losses), l.NetLoss, "[0, inf) (net loss)");
                }

                if (!(l.GrossLoss >= 0.0 && double.IsFinite(l.GrossLoss)))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(losses), l.GrossLoss, "[0, inf) (gross loss)");
                }

                minYear = Math.Min(minYear, l.Year);
                maxYear = Math.Max(maxYear, l.Year);
            }

            int last = options.LastLossYear ?? maxYear;
            int first = Math.Max(last - options.LossWindowYears + 1, options.FirstLossYear ?? minYear);
            years = last - first + 1;
            if (years < options.MinimumLossYears)
            {
                ThrowHelper.Argument(nameof(losses), string.Create(CultureInfo.InvariantCulture,
                    $"The loss data cover {Math.Max(years, 0)} year(s) ({first}-{last}); at least {options.MinimumLossYears} are needed for the loss component."));
            }

            double threshold = options.LossThresholdEur * rate;
            var sum = default(NeumaierSum);
            foreach (var l in losses)
            {
                if (l.Year < first || l.Year > last)
                {
                    outside++;
                }
                else if (l.GrossLoss < threshold)
                {
                    below++;
                }
                else
                {
                    used++;
                    sum.Add(l.NetLoss);
                }
            }

            average = sum.Value / years;
            lc = LossComponentMultiple * average.Value;
        }

        double ilm;
        IlmBasis basis;
        if (options.InternalLossMultiplier is double userIlm)
        {
            (ilm, basis) = (userIlm, IlmBasis.UserSet);
        }
        else if (bucket == 1 && !options.UseLossesInBucketOne)
        {
            (ilm, basis) = (1.0, IlmBasis.BucketOne);
        }
        else if (lc is null)
        {
            (ilm, basis) = (1.0, IlmBasis.NoLosses);
        }
        else
        {
            (ilm, basis) = (InternalLossMultiplier(lc.Value, bic), IlmBasis.Formula);
        }

        // Allocation.
        var unitBi = new double[units.Count];
        var key = new double[units.Count];
        var keySum = default(NeumaierSum);
        for (int u = 0; u < units.Count; u++)
        {
            unitBi[u] = unitComponents[u].BusinessIndicator;
            key[u] = options.Allocation == AllocationKey.StandaloneBic ? BicUnchecked(unitBi[u], rate) : unitBi[u];
            keySum.Add(key[u]);
        }

        double orc = bic * ilm;
        var share = new double[units.Count];
        var capital = new double[units.Count];
        for (int u = 0; u < units.Count; u++)
        {
            share[u] = keySum.Value > 0.0 ? key[u] / keySum.Value : 1.0 / units.Count;
            capital[u] = share[u] * orc;
        }

        return new OperationalRiskResult([.. units], unitBi, share, capital, bank, bic, bucket, average, lc, ilm, basis, years, used, below, outside);
    }

    internal static double BicUnchecked(double bi, double rate)
    {
        double t1 = BucketOneLimitEur * rate, t2 = BucketTwoLimitEur * rate;
        return (0.12 * Math.Min(bi, t1)) + (0.15 * Math.Max(Math.Min(bi, t2) - t1, 0.0)) + (0.18 * Math.Max(bi - t2, 0.0));
    }

    private static void CheckItems(in BusinessIndicatorItems y)
    {
        CheckNonNegative(y.InterestIncome, "InterestIncome");
        CheckNonNegative(y.InterestExpense, "InterestExpense");
        CheckNonNegative(y.InterestEarningAssets, "InterestEarningAssets");
        CheckNonNegative(y.DividendIncome, "DividendIncome");
        CheckNonNegative(y.FeeIncome, "FeeIncome");
        CheckNonNegative(y.FeeExpense, "FeeExpense");
        CheckNonNegative(y.OtherOperatingIncome, "OtherOperatingIncome");
        CheckNonNegative(y.OtherOperatingExpense, "OtherOperatingExpense");
        if (!double.IsFinite(y.TradingBookPnl))
        {
            ThrowHelper.ArgumentOutOfRange("TradingBookPnl", y.TradingBookPnl, "finite numbers");
        }

        if (!double.IsFinite(y.BankingBookPnl))
        {
            ThrowHelper.ArgumentOutOfRange("BankingBookPnl", y.BankingBookPnl, "finite numbers");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0.0 && double.IsFinite(value)))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, "[0, inf)");
        }
    }

    private static void CheckComponent(double value, string name) => CheckNonNegative(value, name);

    private static void CheckBi(double bi) => CheckNonNegative(bi, "businessIndicator");

    private static void CheckRate(double rate)
    {
        if (!(rate > 0.0 && double.IsFinite(rate)))
        {
            ThrowHelper.ArgumentOutOfRange("currencyPerEur", rate, "(0, inf)");
        }
    }
}
