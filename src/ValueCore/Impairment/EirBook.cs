using ValueCore.Schedules;

namespace ValueCore.Impairment;

/// <summary>
/// Effective interest rates and amortised-cost schedules for a book of dated contractual cash flows, in one call: what
/// <c>valuecore impair eir</c> writes comes from it.
/// </summary>
/// <remarks>
/// <para>Per loan: year fractions from the first date under the day count, the EIR solved by
/// <see cref="EffectiveInterestRate.TrySolve"/> (IFRS 9 B5.4.1-B5.4.3), the NPV at that rate, and the amortised-cost
/// schedule (<see cref="AmortisedCostSchedule.Build"/>). A loan whose first flow is not negative, or whose rate cannot
/// be solved, is rejected with the reason (<see cref="EffectiveInterestRate.Describe"/>); every loan is either solved or
/// rejected.</para>
/// <para>Loans are solved in parallel, each from its own flows alone, and collected in input order: the result does not
/// depend on the thread count.</para>
/// </remarks>
public static class EirBook
{
    /// <summary>The rule broken by a loan whose first flow is not an outflow.</summary>
    internal const string FirstFlowRule = "the first (earliest) cash flow must be negative: the initial carrying amount paid out";

    /// <summary>Solves every loan's EIR and builds its amortised-cost schedule.</summary>
    /// <param name="loans">The loans' contractual cash flows, dates ascending within each loan.</param>
    /// <param name="dayCount">The day count of the year fractions (default actual/365 fixed).</param>
    /// <param name="source">The source label of the rejections (a file name).</param>
    /// <param name="maxDegreeOfParallelism">The most threads; null or -1 for all cores.</param>
    /// <returns>The solved loans with their rates and schedules, in input order, and the rejected loans with their reasons.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1, or the day count is not defined.</exception>
    /// <exception cref="ArgumentException">A loan's dates and amounts differ in length, or its dates are not ascending.</exception>
    public static EirBookResult Solve(IReadOnlyList<ContractualCashFlows> loans, DayCount dayCount = DayCount.Act365Fixed, string source = "cashflows",
        int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(loans);
        ArgumentNullException.ThrowIfNull(source);
        int dop = ImpairmentCalculation.CheckParallelism(maxDegreeOfParallelism);
        DayCounts.CheckDayCount(dayCount);
        var outcome = new (string? Reason, double Eir, int Iterations, double Npv, AmortisedCostSchedule? Schedule)[loans.Count];
        try
        {
            Parallel.For(0, loans.Count, new ParallelOptions { MaxDegreeOfParallelism = dop }, i => outcome[i] = SolveOne(loans[i], dayCount));
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        var solved = new List<ContractualCashFlows>();
        var eir = new List<double>();
        var iterations = new List<int>();
        var npv = new List<double>();
        var schedules = new List<AmortisedCostSchedule>();
        var rejections = new List<RejectedLoan>();
        double initial = 0.0;
        for (int i = 0; i < loans.Count; i++)
        {
            var o = outcome[i];
            var loan = loans[i];
            if (o.Reason is not null)
            {
                rejections.Add(new RejectedLoan(loan.LoanId, source, new DataIssue(loan.FirstLine, "loan_id", loan.LoanId, o.Reason)));
                continue;
            }

            solved.Add(loan);
            eir.Add(o.Eir);
            iterations.Add(o.Iterations);
            npv.Add(o.Npv);
            schedules.Add(o.Schedule!);
            initial += -loan.Amounts[0];
        }

        return new EirBookResult(loans.Count, solved, eir, iterations, npv, schedules, rejections, initial);
    }

    private static (string? Reason, double Eir, int Iterations, double Npv, AmortisedCostSchedule? Schedule) SolveOne(ContractualCashFlows loan, DayCount dayCount)
    {
        ArgumentNullException.ThrowIfNull(loan);
        var dates = loan.Dates.ToArray();
        var amounts = loan.Amounts.ToArray();
        Internal.SpanGuard.SameLength<double>(amounts, dates.Length);
        var times = new double[dates.Length];
        for (int k = 0; k < dates.Length; k++)
        {
            times[k] = DayCounts.YearFraction(dayCount, dates[0], dates[k]);
        }

        if (!(amounts.Length > 0 && amounts[0] < 0.0))
        {
            return (FirstFlowRule, 0.0, 0, 0.0, null);
        }

        var failure = EffectiveInterestRate.TrySolve(times, amounts, out double rate, out int count);
        if (failure != EirFailure.None)
        {
            return ($"effective interest rate not found ({failure}): {EffectiveInterestRate.Describe(failure, times, amounts)}", 0.0, 0, 0.0, null);
        }

        return (null, rate, count, EffectiveInterestRate.NetPresentValue(times, amounts, rate), AmortisedCostSchedule.Build(dates, amounts, rate, dayCount));
    }
}
