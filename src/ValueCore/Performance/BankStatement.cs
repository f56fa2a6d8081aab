namespace ValueCore.Performance;

/// <summary>The financial-statement figures of a bank-level EVA (one period), in currency unless stated.</summary>
/// <remarks>Optional items switch on the adjustment they feed (see <see cref="BankEva"/>); a pair of items that belong
/// together (provision charge and net write-offs) must be given together.</remarks>
public sealed record BankStatement
{
    /// <summary>Net operating profit after tax as reported.</summary>
    public required double NetOperatingProfitAfterTax { get; init; }

    /// <summary>Invested (or allocated) capital as reported, e.g. average shareholders' equity, &gt; 0 after adjustments.</summary>
    public required double Capital { get; init; }

    /// <summary>Cost of capital (the shareholders' required return), annual, a fraction in [-1, 1].</summary>
    public required double CostOfCapital { get; init; }

    /// <summary>Marginal tax rate in [0, 1), for the pre-tax adjustments; null when none is used.</summary>
    public double? TaxRate { get; init; }

    /// <summary>Provision for loan losses charged this period (pre-tax).</summary>
    public double? ProvisionCharge { get; init; }

    /// <summary>Loans written off this period net of recoveries (pre-tax).</summary>
    public double? NetWriteOffs { get; init; }

    /// <summary>The loan-loss reserve (allowance) at the balance-sheet date: an equity equivalent added to capital.</summary>
    public double? LoanLossReserve { get; init; }

    /// <summary>Increase of the deferred-tax reserve this period (added back to NOPAT: tax deferred is not tax paid).</summary>
    public double? DeferredTaxIncrease { get; init; }

    /// <summary>Deferred-tax reserve at the balance-sheet date: an equity equivalent added to capital.</summary>
    public double? DeferredTaxReserve { get; init; }

    /// <summary>Non-recurring charges of the period, e.g. restructuring (pre-tax), added back after tax.</summary>
    public double? NonRecurringCharges { get; init; }

    /// <summary>Non-recurring charges of past periods after tax, accumulated: capitalised into capital.</summary>
    public double? AccumulatedNonRecurringCharges { get; init; }

    /// <summary>Goodwill amortisation of the period, added back to NOPAT.</summary>
    public double? GoodwillAmortisation { get; init; }

    /// <summary>Goodwill amortised to date, added back to capital.</summary>
    public double? AccumulatedGoodwillAmortisation { get; init; }
}
