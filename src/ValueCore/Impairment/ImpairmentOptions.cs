using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>Settings of an impairment run; immutable, with documented defaults.</summary>
public sealed record ImpairmentOptions
{
    /// <summary>The defaults: Act/365F, probability tolerance 1e-9, no PV-0 valuation of loans without scenarios, no roll-forward.</summary>
    public static ImpairmentOptions Default { get; } = new();

    /// <summary>The day count of year fractions for discounting and for solving EIRs; default <see cref="DayCount.Act365Fixed"/>.</summary>
    public DayCount DayCount { get; init; } = DayCount.Act365Fixed;

    /// <summary>The tolerance on the sum of a loan's scenario probabilities (which must be 1); default 1e-9.</summary>
    public double ProbabilityTolerance { get; init; } = 1e-9;

    /// <summary>Whether a loan without any cash-flow scenario is valued at PV 0 (allowance = carrying amount, flagged) instead of rejected; default false.</summary>
    public bool ZeroPvWithoutScenarios { get; init; }

    /// <summary>The measurement date every loan must be reported at, or null to take each loan's own reporting date; default null.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Later reporting dates for the allowance roll-forward, ascending, each after every loan's reporting date; default none.
    /// A cash-flow set estimated as of one of these dates remeasures the loan at that date.</summary>
    public IReadOnlyList<DateOnly> RollForwardDates { get; init; } = [];
}
