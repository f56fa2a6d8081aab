namespace ValueCore.Capital;

/// <summary>The result of <see cref="CapitalBasisProfitability.Compute"/>: per row (a group, or a loan) the economic, regulatory and chosen capital, and the return, RAROC and EVA on the chosen capital, with totals.</summary>
public sealed class CapitalBasisResult
{
    internal CapitalBasisResult(CapitalBasis basis, double[] economic, double[] regulatory, double[] capital, double[] ret, double?[] raroc, double[] eva)
    {
        Basis = basis;
        EconomicCapital = economic;
        RegulatoryCapital = regulatory;
        Capital = capital;
        Return = ret;
        Raroc = raroc;
        Eva = eva;
        CapitalTotal = Sum(capital);
        ReturnTotal = Sum(ret);
        EvaTotal = Sum(eva);
        RegulatoryCapitalTotal = Sum(regulatory);
        EconomicCapitalTotal = Sum(economic);
    }

    /// <summary>The basis used.</summary>
    public CapitalBasis Basis { get; }

    /// <summary>The number of rows.</summary>
    public int Count => Capital.Count;

    /// <summary>Economic capital of each row, as given, in currency.</summary>
    public IReadOnlyList<double> EconomicCapital { get; }

    /// <summary>Regulatory capital of each row, capital ratio x floored RWA, in currency.</summary>
    public IReadOnlyList<double> RegulatoryCapital { get; }

    /// <summary>The capital on the chosen basis of each row, in currency.</summary>
    public IReadOnlyList<double> Capital { get; }

    /// <summary>After-tax risk-adjusted return of each row with the capital credit on the chosen capital, in currency.</summary>
    public IReadOnlyList<double> Return { get; }

    /// <summary>RAROC on the chosen capital of each row, a fraction per year; null where that capital is not positive.</summary>
    public IReadOnlyList<double?> Raroc { get; }

    /// <summary>EVA on the chosen capital of each row (return - hurdle x capital), in currency.</summary>
    public IReadOnlyList<double> Eva { get; }

    /// <summary>The sum of the economic capital, in currency.</summary>
    public double EconomicCapitalTotal { get; }

    /// <summary>The sum of the regulatory capital, in currency.</summary>
    public double RegulatoryCapitalTotal { get; }

    /// <summary>The sum of the chosen capital, in currency (under <see cref="CapitalBasis.Binding"/> at least the larger of the two totals).</summary>
    public double CapitalTotal { get; }

    /// <summary>The sum of the returns, in currency.</summary>
    public double ReturnTotal { get; }

    /// <summary>RAROC of the total, summed return / summed chosen capital; null when that capital is not positive.</summary>
    public double? RarocTotal => DiversifiedProfitability.Ratio(ReturnTotal, CapitalTotal);

    /// <summary>The sum of the EVA, in currency.</summary>
    public double EvaTotal { get; }

    private static double Sum(double[] values)
    {
        Internal.NeumaierSum s = default;
        foreach (double v in values)
        {
            s.Add(v);
        }

        return s.Value;
    }
}
