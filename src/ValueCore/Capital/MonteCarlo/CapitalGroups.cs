using ValueCore.Portfolio;
using ValueCore.Profitability;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The figures of a <see cref="PortfolioCapital"/> run summed by groups of loans (one group per distinct combination of
/// the grouping columns' values), column by column, groups in ordinal order of their keys.
/// </summary>
/// <remarks>
/// Amounts are sums over the group's loans in book order. A group's RAROC is its summed return over its summed capital
/// (null when that capital is not positive); its EVA is summed return - hurdle x summed capital with the one hurdle of the
/// valuation options, or, when hurdles are set by segment, the sum of its loans' EVA.
/// </remarks>
public sealed class CapitalGroups
{
    private const int Sums = 12;
    private readonly IReadOnlyList<string>[] _keys;
    private readonly long[] _loans;

    private CapitalGroups(IReadOnlyList<string> keyColumns, int count)
    {
        KeyColumns = keyColumns;
        _keys = new IReadOnlyList<string>[count];
        _loans = new long[count];
        Ead = new double[count];
        El = new double[count];
        ElSimulated = new double[count];
        EsContribution = new double[count];
        VarContribution = new double[count];
        SdContribution = new double[count];
        StandaloneEc = new double[count];
        DiversifiedEc = new double[count];
        DiversificationBenefit = new double[count];
        StandaloneReturn = new double[count];
        DiversifiedReturn = new double[count];
        StandaloneRaroc = new double?[count];
        DiversifiedRaroc = new double?[count];
        StandaloneEva = new double[count];
        DiversifiedEva = new double[count];
    }

    /// <summary>The grouping columns.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>The number of groups.</summary>
    public int Count => _loans.Length;

    /// <summary>The key values of each group, one per grouping column.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Keys => _keys;

    /// <summary>The number of loans of each group.</summary>
    public IReadOnlyList<long> Loans => _loans;

    /// <summary>EAD, in currency.</summary>
    public IReadOnlyList<double> Ead { get; }

    /// <summary>Expected loss of the standalone valuation, in currency.</summary>
    public IReadOnlyList<double> El { get; }

    /// <summary>Simulated expected loss (sum of <see cref="MonteCarloResult.ElSimulatedContribution"/>), in currency.</summary>
    public IReadOnlyList<double> ElSimulated { get; }

    /// <summary>Expected-shortfall contributions, in currency.</summary>
    public IReadOnlyList<double> EsContribution { get; }

    /// <summary>VaR contributions, in currency.</summary>
    public IReadOnlyList<double> VarContribution { get; }

    /// <summary>Standard-deviation contributions, in currency.</summary>
    public IReadOnlyList<double> SdContribution { get; }

    /// <summary>Standalone IRB economic capital, in currency.</summary>
    public IReadOnlyList<double> StandaloneEc { get; }

    /// <summary>Allocated (diversified) economic capital, in currency.</summary>
    public IReadOnlyList<double> DiversifiedEc { get; }

    /// <summary>Standalone EC minus allocated EC, in currency.</summary>
    public IReadOnlyList<double> DiversificationBenefit { get; }

    /// <summary>After-tax return on standalone capital, in currency.</summary>
    public IReadOnlyList<double> StandaloneReturn { get; }

    /// <summary>After-tax return on allocated capital, in currency.</summary>
    public IReadOnlyList<double> DiversifiedReturn { get; }

    /// <summary>RAROC on standalone capital, a fraction per year; null where the group's standalone EC is not positive.</summary>
    public IReadOnlyList<double?> StandaloneRaroc { get; }

    /// <summary>RAROC on allocated capital, a fraction per year; null where the group's allocated EC is not positive.</summary>
    public IReadOnlyList<double?> DiversifiedRaroc { get; }

    /// <summary>EVA on standalone capital, in currency.</summary>
    public IReadOnlyList<double> StandaloneEva { get; }

    /// <summary>EVA on allocated capital, in currency.</summary>
    public IReadOnlyList<double> DiversifiedEva { get; }

    /// <summary>Sums the figures of a run by the given text columns of the book.</summary>
    internal static CapitalGroups Compute(LoanBook book, MonteCarloResult mc, PortfolioResult valuation, DiversifiedProfitability figures,
        IReadOnlyList<string> by)
    {
        var keyColumns = by.Select(book.TextColumn).ToArray();
        var groups = new SortedDictionary<string, (string[] Keys, long Loans, double[] Sums)>(StringComparer.Ordinal);
        var ead = book.Ead;
        var el = valuation.El;
        var elSimulated = mc.ElSimulatedContribution;
        var es = mc.EsContribution;
        var var = mc.VarContribution;
        var sd = mc.SdContribution;
        for (int i = 0; i < book.Count; i++)
        {
            var keys = new string[keyColumns.Length];
            for (int k = 0; k < keys.Length; k++)
            {
                keys[k] = keyColumns[k][i];
            }

            string key = string.Join('\u001f', keys);
            if (!groups.TryGetValue(key, out var g))
            {
                g = (keys, 0, new double[Sums]);
            }

            var s = g.Sums;
            s[0] += ead[i];
            s[1] += el[i];
            s[2] += elSimulated[i];
            s[3] += es[i];
            s[4] += var[i];
            s[5] += sd[i];
            s[6] += figures.StandaloneEc[i];
            s[7] += figures.DiversifiedEc[i];
            s[8] += figures.StandaloneReturn[i];
            s[9] += figures.DiversifiedReturn[i];
            s[10] += figures.StandaloneEva[i];
            s[11] += figures.DiversifiedEva[i];
            groups[key] = (keys, g.Loans + 1, s);
        }

        bool oneHurdle = valuation.Options.HurdleBySegment.Count == 0;
        double hurdle = valuation.Options.Profitability.Hurdle;
        var result = new CapitalGroups(by, groups.Count);
        int j = 0;
        foreach (var (_, (keys, loans, s)) in groups)
        {
            result._keys[j] = keys;
            result._loans[j] = loans;
            Set(result.Ead, j, s[0]);
            Set(result.El, j, s[1]);
            Set(result.ElSimulated, j, s[2]);
            Set(result.EsContribution, j, s[3]);
            Set(result.VarContribution, j, s[4]);
            Set(result.SdContribution, j, s[5]);
            Set(result.StandaloneEc, j, s[6]);
            Set(result.DiversifiedEc, j, s[7]);
            Set(result.DiversificationBenefit, j, s[6] - s[7]);
            Set(result.StandaloneReturn, j, s[8]);
            Set(result.DiversifiedReturn, j, s[9]);
            ((double?[])result.StandaloneRaroc)[j] = DiversifiedProfitability.Ratio(s[8], s[6]);
            ((double?[])result.DiversifiedRaroc)[j] = DiversifiedProfitability.Ratio(s[9], s[7]);
            Set(result.StandaloneEva, j, oneHurdle ? RiskAdjustedReturn.EvaUnchecked(s[8], s[6], hurdle) : s[10]);
            Set(result.DiversifiedEva, j, oneHurdle ? RiskAdjustedReturn.EvaUnchecked(s[9], s[7], hurdle) : s[11]);
            j++;
        }

        return result;
    }

    private static void Set(IReadOnlyList<double> column, int index, double value) => ((double[])column)[index] = value;
}
