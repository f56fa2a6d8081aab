namespace ValueCore.Impairment;

/// <summary>The result of <see cref="EirBook.Solve"/>: per solved loan (input order) its EIR, solver iterations, NPV at the
/// EIR and amortised-cost schedule; the rejected loans with their reasons; totals.</summary>
public sealed class EirBookResult
{
    internal EirBookResult(int loansRead, IReadOnlyList<ContractualCashFlows> loans, IReadOnlyList<double> eir, IReadOnlyList<int> iterations,
        IReadOnlyList<double> npv, IReadOnlyList<AmortisedCostSchedule> schedules, IReadOnlyList<RejectedLoan> rejections, double totalInitial)
    {
        LoansRead = loansRead;
        Loans = loans;
        Eir = eir;
        Iterations = iterations;
        NpvAtEir = npv;
        Schedules = schedules;
        Rejections = rejections;
        TotalInitialCarryingAmount = totalInitial;
    }

    /// <summary>The number of loans given (= <see cref="Count"/> + the number of <see cref="Rejections"/>).</summary>
    public int LoansRead { get; }

    /// <summary>The number of solved loans.</summary>
    public int Count => Loans.Count;

    /// <summary>The solved loans' cash flows, in input order.</summary>
    public IReadOnlyList<ContractualCashFlows> Loans { get; }

    /// <summary>The EIR per solved loan: an annual effective rate as a fraction.</summary>
    public IReadOnlyList<double> Eir { get; }

    /// <summary>The root finder's iterations per solved loan.</summary>
    public IReadOnlyList<int> Iterations { get; }

    /// <summary>The NPV of the flows at the EIR per solved loan, in currency (0 within the solver's tolerance).</summary>
    public IReadOnlyList<double> NpvAtEir { get; }

    /// <summary>The amortised-cost schedule per solved loan.</summary>
    public IReadOnlyList<AmortisedCostSchedule> Schedules { get; }

    /// <summary>The loans without an EIR, in input order: the line is the loan's first line, its rule the reason.</summary>
    public IReadOnlyList<RejectedLoan> Rejections { get; }

    /// <summary>The sum of the solved loans' initial carrying amounts (minus their first flows), in currency, in loan order.</summary>
    public double TotalInitialCarryingAmount { get; }
}
