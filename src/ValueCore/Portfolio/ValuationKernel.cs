using System.Diagnostics;
using ValueCore.Capital;
using ValueCore.Numerics;

namespace ValueCore.Portfolio;

/// <summary>Per-loan results of a valuation, column by column (reused buffers on batch paths).</summary>
internal sealed class ValuationColumns
{
    public ValuationColumns(int capacity)
    {
        Pd = new double[capacity];
        Correlation = new double[capacity];
        MaturityAdjustment = new double[capacity];
        K = new double[capacity];
        Rwa = new double[capacity];
        El = new double[capacity];
        Ec = new double[capacity];
        Revenue = new double[capacity];
        PreTaxReturn = new double[capacity];
        Return = new double[capacity];
        Raroc = new double[capacity];
        Eva = new double[capacity];
    }

    public int Capacity => Pd.Length;

    public double[] Pd { get; }
    public double[] Correlation { get; }
    public double[] MaturityAdjustment { get; }
    public double[] K { get; }
    public double[] Rwa { get; }
    public double[] El { get; }
    public double[] Ec { get; }
    public double[] Revenue { get; }
    public double[] PreTaxReturn { get; }
    public double[] Return { get; }
    public double[] Raroc { get; }
    public double[] Eva { get; }

    /// <summary>Basel III regulatory basis (<see cref="RegulatoryKernel"/>): the LGD used, standardised RWA and risk weight; empty until <see cref="EnsureRegulatory"/>.</summary>
    public double[] LgdUsed { get; private set; } = [];
    public double[] RwaSa { get; private set; } = [];
    public double[] RiskWeightSa { get; private set; } = [];

    /// <summary>Loans of the last <see cref="RegulatoryKernel.Apply"/> call moved from advanced to foundation IRB (CRE30.34).</summary>
    public int FoundationForcedLoans { get; set; }

    /// <summary>Whether the Basel III regulatory columns are filled.</summary>
    public bool HasRegulatory { get; private set; }

    /// <summary>Allocates the Basel III regulatory columns (once).</summary>
    public void EnsureRegulatory()
    {
        HasRegulatory = true;
        if (LgdUsed.Length < Capacity)
        {
            LgdUsed = new double[Capacity];
            RwaSa = new double[Capacity];
            RiskWeightSa = new double[Capacity];
        }
    }

    /// <summary>Loans of the last <see cref="ValuationKernel.Value"/> call whose PD the technical floor lifted (above the regulatory floor).</summary>
    public int TechnicalFloorLoans { get; set; }
}

/// <summary>The per-loan valuation over validated columns: floors, IRB capital, EL, revenue, return, RAROC, EVA.</summary>
internal static class ValuationKernel
{
    /// <summary>Values loans [0, n); inputs are validated. <paramref name="hurdle"/> has one element per loan, or one for all.</summary>
    /// <remarks>Interest and funding accrue on <paramref name="drawn"/> (the EAD itself when a book gives no drawn balance),
    /// capital and EL on <paramref name="ead"/>; <paramref name="undrawnIncome"/> (undrawn x (commitment fee - undrawn FTP),
    /// <see cref="LoanRules.UndrawnIncome"/>) is empty when no loan has one, and then nothing is added, so such books keep
    /// the bits of revenue = EAD (rate - FTP) + fees.</remarks>
    /// <returns>The number of loans with zero capital (RAROC not defined).</returns>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Value(int n, ReadOnlySpan<AssetClass> assetClass, ReadOnlySpan<double> ead, ReadOnlySpan<double> pd,
        ReadOnlySpan<double> lgd, ReadOnlySpan<double> maturity, ReadOnlySpan<double> sales, ReadOnlySpan<double> rate,
        ReadOnlySpan<double> ftp, ReadOnlySpan<double> fees, ReadOnlySpan<double> opex, ReadOnlySpan<double> beel,
        ReadOnlySpan<double> drawn, ReadOnlySpan<double> undrawnIncome,
        ReadOnlySpan<double> hurdle, ValuationOptions options, ValuationColumns result)
    {
        Debug.Assert(result.Capacity >= n && hurdle.Length is 1 || hurdle.Length >= n);
        Debug.Assert(drawn.Length >= n && (undrawnIncome.IsEmpty || undrawnIncome.Length >= n));
        bool hasUndrawnIncome = !undrawnIncome.IsEmpty;
        var irb = options.Irb;
        double gq = NormalDistribution.InverseCdfUnchecked(irb.Confidence);

        // RWA on the regulatory basis (q = 0.999, the regime's scaling factor); EC on the economic basis (q, no scaling).
        // At q = 0.999 both share the conditional loss rate.
        bool regulatoryQ = irb.Confidence == IrbFormula.RegulatoryConfidence;
        double gqRegulatory = NormalDistribution.InverseCdfUnchecked(IrbFormula.RegulatoryConfidence);
        double scaling = IrbFormula.RegulatoryScalingFactor(irb.Regime);
        double capitalRate = options.Profitability.CapitalRate;
        double afterTax = 1.0 - options.Profitability.TaxRate;
        Span<double> floors = stackalloc double[(int)AssetClass.RetailOther + 1];
        Span<double> technical = stackalloc double[floors.Length];
        for (int c = 0; c < floors.Length; c++)
        {
            floors[c] = irb.ValuationFloorFor((AssetClass)c);
            technical[c] = irb.TechnicalFloorThreshold((AssetClass)c);
        }

        // What depends only on (PD, class, sales) is remembered: a borrower's loans share them, and books list a
        // borrower's loans together or take PDs from a rating master scale, so most loans skip G(PD), N(x), the
        // exponential of the correlation and the logarithm of the maturity slope. Zeroed entries match no loan (PD > 0).
        Span<IrbMemo> memo = stackalloc IrbMemo[MemoSlots];
        bool oneHurdle = hurdle.Length == 1;
        int zeroCapital = 0, lifted = 0;
        for (int i = 0; i < n; i++)
        {
            var ac = assetClass[i];
            double e = ead[i], l = lgd[i], p = pd[i];
            double r, ma, k, kRegulatory, el;
            if (p >= 1.0)
            {
                p = 1.0;
                r = IrbFormula.CorrelationUnchecked(ac, p, sales[i]);
                ma = IrbFormula.MaturityAdjustmentUnchecked(ac, p, maturity[i]);
                k = Math.Max(0.0, l - beel[i]);
                kRegulatory = scaling * k;
                el = beel[i] * e;
            }
            else
            {
                lifted += p < technical[(int)ac] ? 1 : 0;
                p = Math.Max(p, floors[(int)ac]);
                ref var m = ref memo[MemoSlot(p, ac)];
                if (m.Pd != p || m.Class != ac || BitConverter.DoubleToInt64Bits(m.Sales) != BitConverter.DoubleToInt64Bits(sales[i]))
                {
                    m.Pd = p;
                    m.Class = ac;
                    m.Sales = sales[i];
                    m.Correlation = IrbFormula.CorrelationUnchecked(ac, p, m.Sales);
                    m.MaturitySlope = IrbFormula.HasMaturityAdjustment(ac) ? IrbFormula.MaturitySlopeUnchecked(p) : 0.0;
                    m.ExcessLossRate = IrbFormula.ConditionalExcessLossRateUnchecked(p, m.Correlation, gq);
                    m.RegulatoryExcessLossRate = regulatoryQ ? m.ExcessLossRate : IrbFormula.ConditionalExcessLossRateUnchecked(p, m.Correlation, gqRegulatory);
                }

                // The same operations as IrbFormula.CapitalRequirementUnchecked, so the same bits.
                r = m.Correlation;
                ma = IrbFormula.HasMaturityAdjustment(ac) ? IrbFormula.MaturityAdjustmentFromSlope(m.MaturitySlope, maturity[i]) : 1.0;
                k = l * m.ExcessLossRate * ma;
                kRegulatory = scaling * (l * m.RegulatoryExcessLossRate * ma);
                el = p * l * e;
            }

            double ec = k * e;
            double revenue = (drawn[i] * (rate[i] - ftp[i])) + fees[i];
            if (hasUndrawnIncome)
            {
                revenue += undrawnIncome[i];
            }

            double preTax = revenue - opex[i] - el + (capitalRate * ec);
            double ret = preTax * afterTax;
            double h = oneHurdle ? hurdle[0] : hurdle[i];
            result.Pd[i] = p;
            result.Correlation[i] = r;
            result.MaturityAdjustment[i] = ma;
            result.K[i] = k;
            result.Rwa[i] = 12.5 * (kRegulatory * e);
            result.El[i] = el;
            result.Ec[i] = ec;
            result.Revenue[i] = revenue;
            result.PreTaxReturn[i] = preTax;
            result.Return[i] = ret;
            double raroc = ret / ec;
            if (ec > 0.0 && double.IsFinite(raroc))
            {
                result.Raroc[i] = raroc;
            }
            else
            {
                result.Raroc[i] = double.NaN;
                zeroCapital++;
            }

            result.Eva[i] = Profitability.RiskAdjustedReturn.EvaUnchecked(ret, ec, h);
        }

        result.TechnicalFloorLoans = lifted;
        return zeroCapital;
    }

    private const int MemoSlots = 256;

    /// <summary>A slot of the direct-mapped memo for a (floored) PD and class: the top byte of a multiplicative hash.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int MemoSlot(double pd, AssetClass assetClass) =>
        (int)(((ulong)BitConverter.DoubleToInt64Bits(pd) + (ulong)assetClass) * 0x9E37_79B9_7F4A_7C15UL >> 56);

    /// <summary>The IRB terms of one (PD, class, sales): R, the maturity slope b (0 without maturity adjustment) and N(x) - PD at the economic and the regulatory confidence.</summary>
    private struct IrbMemo
    {
        public double Pd;
        public AssetClass Class;
        public double Sales;
        public double Correlation;
        public double MaturitySlope;
        public double ExcessLossRate;
        public double RegulatoryExcessLossRate;
    }
}
