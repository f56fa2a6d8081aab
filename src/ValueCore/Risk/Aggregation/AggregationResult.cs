namespace ValueCore.Risk.Aggregation;

/// <summary>The bank's diversified economic capital over risk types and units, with Euler contributions.</summary>
public sealed class AggregationResult
{
    private readonly double[] _cellStandalone;
    private readonly double[] _cellContribution;

    internal AggregationResult(IReadOnlyList<string> units, IReadOnlyList<string> riskTypes, double[] cellStandalone, double[] cellContribution,
        double total)
    {
        Units = units;
        RiskTypes = riskTypes;
        _cellStandalone = cellStandalone;
        _cellContribution = cellContribution;
        TotalEconomicCapital = total;
        int nt = riskTypes.Count;
        var ts = new double[nt];
        var tc = new double[nt];
        var us = new double[units.Count];
        var uc = new double[units.Count];
        for (int u = 0; u < units.Count; u++)
        {
            for (int t = 0; t < nt; t++)
            {
                ts[t] += cellStandalone[(u * nt) + t];
                tc[t] += cellContribution[(u * nt) + t];
                us[u] += cellStandalone[(u * nt) + t];
                uc[u] += cellContribution[(u * nt) + t];
            }
        }

        TypeStandalone = ts;
        TypeContribution = tc;
        UnitStandalone = us;
        UnitContribution = uc;
        StandaloneSum = ts.Sum();
    }

    /// <summary>The units, in first-appearance order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The risk types, in the correlation matrix's order.</summary>
    public IReadOnlyList<string> RiskTypes { get; }

    /// <summary>The bank's EC, sqrt(e' C e), in currency.</summary>
    public double TotalEconomicCapital { get; }

    /// <summary>The sum of standalone EC over all risk types, in currency.</summary>
    public double StandaloneSum { get; }

    /// <summary>The diversification benefit, standalone sum minus total EC, in currency (&gt;= 0 for a correlation matrix).</summary>
    public double DiversificationBenefit => StandaloneSum - TotalEconomicCapital;

    /// <summary>Standalone EC per risk type e(r) (the sum over units), in currency.</summary>
    public IReadOnlyList<double> TypeStandalone { get; }

    /// <summary>Euler contribution per risk type, in currency; they sum to the total.</summary>
    public IReadOnlyList<double> TypeContribution { get; }

    /// <summary>Standalone EC per unit (the sum over its risk types), in currency.</summary>
    public IReadOnlyList<double> UnitStandalone { get; }

    /// <summary>Diversified (contributed) EC per unit, in currency; they sum to the total.</summary>
    public IReadOnlyList<double> UnitContribution { get; }

    /// <summary>The standalone EC of a unit in a risk type.</summary>
    /// <param name="unit">0-based unit index.</param>
    /// <param name="riskType">0-based risk-type index.</param>
    /// <returns>EC in currency (0 when the unit has none in that type).</returns>
    public double CellStandalone(int unit, int riskType) => _cellStandalone[(unit * RiskTypes.Count) + riskType];

    /// <summary>The Euler contribution of a unit in a risk type.</summary>
    /// <param name="unit">0-based unit index.</param>
    /// <param name="riskType">0-based risk-type index.</param>
    /// <returns>The contribution in currency.</returns>
    public double CellContribution(int unit, int riskType) => _cellContribution[(unit * RiskTypes.Count) + riskType];
}
