namespace ValueCore.Performance;

/// <summary>A bank-level EVA: the reported figures, each adjustment, and the economic figures.</summary>
/// <param name="ReportedNopat">NOPAT as reported.</param>
/// <param name="ReportedCapital">Capital as reported.</param>
/// <param name="Adjustments">The adjustments applied, in order.</param>
/// <param name="Nopat">Adjusted NOPAT = reported + Σ NOPAT adjustments.</param>
/// <param name="Capital">Adjusted capital = reported + Σ capital adjustments.</param>
/// <param name="CostOfCapital">The cost of capital, a fraction.</param>
public sealed record BankEvaResult(double ReportedNopat, double ReportedCapital, IReadOnlyList<EvaAdjustment> Adjustments, double Nopat, double Capital, double CostOfCapital)
{
    /// <summary>Capital charge = cost of capital x adjusted capital.</summary>
    public double CapitalCharge => CostOfCapital * Capital;

    /// <summary>EVA = adjusted NOPAT - capital charge.</summary>
    public double Eva => Nopat - CapitalCharge;

    /// <summary>Return on (adjusted) capital = NOPAT / capital.</summary>
    public double ReturnOnCapital => Nopat / Capital;

    /// <summary>EVA before any adjustment: reported NOPAT - cost of capital x reported capital.</summary>
    public double ReportedEva => ReportedNopat - (CostOfCapital * ReportedCapital);
}
