namespace ValueCore.Schedules;

/// <summary>The contractual terms a schedule is built from: dates, principal, nominal rate, amortisation and frequency.</summary>
/// <remarks>Immutable; <see cref="ContractualSchedule.Build(LoanTerms)"/> validates the values.</remarks>
public sealed record LoanTerms
{
    /// <summary>The date the principal is paid out (origination); interest accrues from it.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>The final payment date; must be after <see cref="StartDate"/> and at most 100 years later.</summary>
    public required DateOnly MaturityDate { get; init; }

    /// <summary>The principal paid out, in currency, &gt; 0.</summary>
    public required double Principal { get; init; }

    /// <summary>The nominal annual interest rate as a fraction, in (-1, 10): each regular period accrues rate / frequency.</summary>
    public required double AnnualRate { get; init; }

    /// <summary>How principal is repaid; default <see cref="Amortisation.Annuity"/>.</summary>
    public Amortisation Amortisation { get; init; } = Amortisation.Annuity;

    /// <summary>Payments per year; default <see cref="PaymentFrequency.Monthly"/>.</summary>
    public PaymentFrequency Frequency { get; init; } = PaymentFrequency.Monthly;

    /// <summary>The day count that accrues interest over an irregular (short) first period; default <see cref="DayCount.Act365Fixed"/>.</summary>
    public DayCount StubDayCount { get; init; } = DayCount.Act365Fixed;
}
