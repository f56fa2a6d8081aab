namespace ValueCore.Pricing;

/// <summary>The per-loan, per-year figures of a lifetime valuation, column by column: one row per valued loan and year
/// t = 1..n, loans in book order, years ascending (<see cref="LifetimeOptions.IncludeSchedule"/>).</summary>
/// <remarks>Every flow is the expected flow of its year (weighted by the performing share), counted at the end of the
/// year (of the part-year, for the last one); docs/performance-and-pricing.md, "Lifetime value of a loan".</remarks>
public sealed class LifetimeSchedule
{
    internal LifetimeSchedule(int rows)
    {
        LoanIndexArray = new int[rows];
        YearArray = new int[rows];
        YearFractionArray = new double[rows];
        BalanceArray = new double[rows];
        EadArray = new double[rows];
        PerformingShareArray = new double[rows];
        ElArray = new double[rows];
        EcArray = new double[rows];
        RevenueArray = new double[rows];
        CostArray = new double[rows];
        ReturnArray = new double[rows];
        EvaArray = new double[rows];
        DiscountFactorArray = new double[rows];
    }

    /// <summary>The number of rows.</summary>
    public int Count => YearArray.Length;

    /// <summary>The loan's 0-based index in the book.</summary>
    public ReadOnlySpan<int> LoanIndex => LoanIndexArray;

    /// <summary>The year t, from 1.</summary>
    public ReadOnlySpan<int> Year => YearArray;

    /// <summary>The year's length f_t in years, in (0, 1] (less than 1 only for a last part-year).</summary>
    public ReadOnlySpan<double> YearFraction => YearFractionArray;

    /// <summary>The contractual drawn balance B_(t-1) at the start of the year, in currency.</summary>
    public ReadOnlySpan<double> Balance => BalanceArray;

    /// <summary>The exposure at default of the year, B_(t-1) + CCF x undrawn, in currency.</summary>
    public ReadOnlySpan<double> Ead => EadArray;

    /// <summary>The probability that the loan is performing at the start of the year, in [0, 1].</summary>
    public ReadOnlySpan<double> PerformingShare => PerformingShareArray;

    /// <summary>The year's expected loss, in currency.</summary>
    public ReadOnlySpan<double> El => ElArray;

    /// <summary>The year's expected economic capital, in currency-years (scaled by the year's length).</summary>
    public ReadOnlySpan<double> Ec => EcArray;

    /// <summary>The year's expected net interest and fee income, in currency.</summary>
    public ReadOnlySpan<double> Revenue => RevenueArray;

    /// <summary>The year's expected operating cost, in currency.</summary>
    public ReadOnlySpan<double> Cost => CostArray;

    /// <summary>The year's risk-adjusted return after tax, in currency.</summary>
    public ReadOnlySpan<double> Return => ReturnArray;

    /// <summary>The year's EVA = return - hurdle x EC, in currency.</summary>
    public ReadOnlySpan<double> Eva => EvaArray;

    /// <summary>The discount factor of the year's flows, (1 + d)^-(end of the year).</summary>
    public ReadOnlySpan<double> DiscountFactor => DiscountFactorArray;

    internal int[] LoanIndexArray { get; }
    internal int[] YearArray { get; }
    internal double[] YearFractionArray { get; }
    internal double[] BalanceArray { get; }
    internal double[] EadArray { get; }
    internal double[] PerformingShareArray { get; }
    internal double[] ElArray { get; }
    internal double[] EcArray { get; }
    internal double[] RevenueArray { get; }
    internal double[] CostArray { get; }
    internal double[] ReturnArray { get; }
    internal double[] EvaArray { get; }
    internal double[] DiscountFactorArray { get; }
}
