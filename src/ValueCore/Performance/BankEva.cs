using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Performance;

/// <summary>Bank-level EVA from financial-statement figures, with the usual bank adjustments, each shown.</summary>
/// <remarks>
/// <para>EVA = NOPAT* - k C*, NOPAT* and C* the reported figures after the adjustments that turn accounting into
/// economic figures (Stern Stewart's EVA, Stewart, "The Quest for Value", 1991; for banks Uyemura, Kantor and Pettit,
/// "EVA for banks: value creation, risk management, and profitability measurement", Journal of Applied Corporate
/// Finance 9(2), 1996, pp. 94-109):</para>
/// <list type="number">
/// <item>loan-loss provisions: NOPAT += (provision charge - net write-offs)(1 - t): only losses realised are a cost;
/// capital += loan-loss reserve (an equity equivalent);</item>
/// <item>deferred taxes: NOPAT += increase of the deferred-tax reserve; capital += deferred-tax reserve;</item>
/// <item>non-recurring charges: NOPAT += charges (1 - t); capital += accumulated after-tax charges;</item>
/// <item>goodwill: NOPAT += amortisation; capital += accumulated amortisation.</item>
/// </list>
/// <para>An adjustment applies when its items are given; items that belong together must be given together.</para>
/// </remarks>
public static class BankEva
{
    /// <summary>Computes the bank-level EVA.</summary>
    /// <param name="statement">The statement figures.</param>
    /// <returns>The reported and adjusted figures and each adjustment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statement"/> is null.</exception>
    /// <exception cref="ArgumentException">An item is missing that another needs (see <see cref="BankStatement"/>), or the adjusted capital is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A figure is not finite, or a rate is outside its range.</exception>
    public static BankEvaResult Compute(BankStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (Problems(statement).FirstOrDefault() is string problem)
        {
            ThrowHelper.Argument(nameof(statement), problem);
        }

        var s = statement;
        double t = s.TaxRate ?? 0.0;
        var adjustments = new List<EvaAdjustment>();
        if (s.ProvisionCharge is double provision && s.NetWriteOffs is double writeOffs)
        {
            adjustments.Add(new EvaAdjustment("loan_loss_provisions", (provision - writeOffs) * (1.0 - t), s.LoanLossReserve ?? 0.0,
                "provisions beyond net write-offs added back to NOPAT after tax; the loan-loss reserve added to capital"));
        }
        else if (s.LoanLossReserve is double reserve)
        {
            adjustments.Add(new EvaAdjustment("loan_loss_reserve", 0.0, reserve, "the loan-loss reserve added to capital (an equity equivalent)"));
        }

        if (s.DeferredTaxIncrease is not null || s.DeferredTaxReserve is not null)
        {
            adjustments.Add(new EvaAdjustment("deferred_taxes", s.DeferredTaxIncrease ?? 0.0, s.DeferredTaxReserve ?? 0.0,
                "the increase of the deferred-tax reserve added back to NOPAT (tax deferred is not tax paid); the reserve added to capital"));
        }

        if (s.NonRecurringCharges is not null || s.AccumulatedNonRecurringCharges is not null)
        {
            adjustments.Add(new EvaAdjustment("non_recurring_charges", (s.NonRecurringCharges ?? 0.0) * (1.0 - t), s.AccumulatedNonRecurringCharges ?? 0.0,
                "non-recurring charges added back to NOPAT after tax; past charges after tax capitalised"));
        }

        if (s.GoodwillAmortisation is not null || s.AccumulatedGoodwillAmortisation is not null)
        {
            adjustments.Add(new EvaAdjustment("goodwill", s.GoodwillAmortisation ?? 0.0, s.AccumulatedGoodwillAmortisation ?? 0.0,
                "goodwill amortisation added back to NOPAT; amortisation to date added back to capital"));
        }

        double nopat = s.NetOperatingProfitAfterTax, capital = s.Capital;
        foreach (var a in adjustments)
        {
            nopat += a.Nopat;
            capital += a.Capital;
        }

        if (!(capital > 0.0))
        {
            ThrowHelper.Argument(nameof(statement), string.Create(CultureInfo.InvariantCulture, $"The adjusted capital is {capital:R}; EVA needs capital > 0."));
        }

        return new BankEvaResult(s.NetOperatingProfitAfterTax, s.Capital, adjustments, nopat, capital, s.CostOfCapital);
    }

    /// <summary>The rules a statement breaks (missing companion items, ranges), as messages; empty when valid.</summary>
    internal static IEnumerable<string> Problems(BankStatement s)
    {
        foreach (var (name, value) in Figures(s))
        {
            if (value is double v && !double.IsFinite(v))
            {
                yield return $"{name} is not a finite number";
            }
        }

        if (!(s.CostOfCapital >= -1.0 && s.CostOfCapital <= 1.0))
        {
            yield return "cost_of_capital is outside [-1, 1]";
        }

        if (s.TaxRate is double t && !(t >= 0.0 && t < 1.0))
        {
            yield return "tax_rate is outside [0, 1)";
        }

        if (s.ProvisionCharge is not null && s.NetWriteOffs is null)
        {
            yield return "provision_charge is given but net_write_offs is missing (the adjustment needs both)";
        }

        if (s.NetWriteOffs is not null && s.ProvisionCharge is null)
        {
            yield return "net_write_offs is given but provision_charge is missing (the adjustment needs both)";
        }

        if (s.TaxRate is null && (s.ProvisionCharge is not null || s.NonRecurringCharges is not null))
        {
            yield return "tax_rate is missing (provision_charge and non_recurring_charges are pre-tax and are added back after tax)";
        }
    }

    private static IEnumerable<(string Name, double? Value)> Figures(BankStatement s) =>
    [
        ("nopat", s.NetOperatingProfitAfterTax), ("capital", s.Capital), ("cost_of_capital", s.CostOfCapital), ("tax_rate", s.TaxRate),
        ("provision_charge", s.ProvisionCharge), ("net_write_offs", s.NetWriteOffs), ("loan_loss_reserve", s.LoanLossReserve),
        ("deferred_tax_increase", s.DeferredTaxIncrease), ("deferred_tax_reserve", s.DeferredTaxReserve),
        ("non_recurring_charges", s.NonRecurringCharges), ("accumulated_non_recurring_charges", s.AccumulatedNonRecurringCharges),
        ("goodwill_amortisation", s.GoodwillAmortisation), ("accumulated_goodwill_amortisation", s.AccumulatedGoodwillAmortisation),
    ];
}
