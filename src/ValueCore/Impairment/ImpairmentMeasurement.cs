namespace ValueCore.Impairment;

/// <summary>The DCF impairment of a book in one result (<see cref="ImpairmentCalculation.Measure"/>): per-loan PV and
/// allowance with totals, the allowance roll-forward when the book's options name later dates, and the summary counts
/// that <c>valuecore impair</c> reports.</summary>
public sealed class ImpairmentMeasurement
{
    internal ImpairmentMeasurement(ImpairmentResult result, RollForwardResult? rollForward)
    {
        Result = result;
        RollForward = rollForward;
        foreach (var note in result.Notes)
        {
            LoansPvAboveCarrying += note.HasFlag(ImpairmentNote.PvAboveCarrying) ? 1 : 0;
            LoansZeroPvWithoutScenarios += note.HasFlag(ImpairmentNote.NoScenariosZeroPv) ? 1 : 0;
        }

        Coverage = result.TotalCarryingAmount > 0 ? result.TotalAllowance / result.TotalCarryingAmount : null;
    }

    /// <summary>The book measured.</summary>
    public ImpairmentBook Book => Result.Book;

    /// <summary>Per loan: PV of expected cash flows, allowance, coverage and notes; totals.</summary>
    public ImpairmentResult Result { get; }

    /// <summary>The roll-forward over <see cref="ImpairmentOptions.RollForwardDates"/>; null when the options name none.</summary>
    public RollForwardResult? RollForward { get; }

    /// <summary>The number of loans whose PV exceeds the carrying amount (allowance 0).</summary>
    public int LoansPvAboveCarrying { get; }

    /// <summary>The number of loans valued at PV 0 for want of a scenario (<see cref="ImpairmentOptions.ZeroPvWithoutScenarios"/>).</summary>
    public int LoansZeroPvWithoutScenarios { get; }

    /// <summary>Total allowance / total carrying amount, a fraction in [0, 1]; null when the total carrying amount is 0 (not defined).</summary>
    public double? Coverage { get; }
}
