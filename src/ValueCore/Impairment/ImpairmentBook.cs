namespace ValueCore.Impairment;

/// <summary>
/// A validated, immutable, columnar set of individually impaired loans with their probability-weighted expected cash
/// flows (one or more scenarios per estimate date), ready for <see cref="ImpairmentCalculation.Run"/>.
/// Build one with <see cref="ImpairmentBookBuilder"/> or read one with <c>ValueCore.IO.Impairment.ImpairmentCsv</c>.
/// </summary>
/// <remarks>Layout: loan i owns estimate sets [SetStart[i], SetStart[i+1]) (the first dated at its reporting date, later
/// ones at roll-forward dates); set j owns scenarios [SetScenarioStart[j], SetScenarioStart[j+1]); scenario s owns cash
/// flows [FlowStart[s], FlowStart[s+1]) sorted by date. Amounts are net (collateral after haircut and cost to sell).</remarks>
public sealed class ImpairmentBook
{
    internal ImpairmentBook(ImpairmentOptions options, string[] loanId, double[] carrying, double[] eir, bool[] eirFromTerms,
        int[] reportingDay, int[] setStart, int[] setAsOfDay, int[] setScenarioStart, string[] scenarioName, double[] probability,
        int[] flowStart, int[] flowDay, double[] flowAmount, RejectedLoan[] rejections, int rejectedLoanCount, long loanRowsRead, int unknownLoanCount)
    {
        Options = options;
        LoanIds = loanId;
        Carrying = carrying;
        Eirs = eir;
        EirFromTermsFlags = eirFromTerms;
        ReportingDays = reportingDay;
        SetStart = setStart;
        SetAsOfDay = setAsOfDay;
        SetScenarioStart = setScenarioStart;
        ScenarioNames = scenarioName;
        Probabilities = probability;
        FlowStart = flowStart;
        FlowDay = flowDay;
        FlowAmount = flowAmount;
        Rejections = rejections;
        RejectedLoanCount = rejectedLoanCount;
        LoanRowsRead = loanRowsRead;
        UnknownLoanCount = unknownLoanCount;
    }

    /// <summary>The options the book was validated with (day count, roll-forward dates, ...).</summary>
    public ImpairmentOptions Options { get; }

    /// <summary>The number of loans accepted.</summary>
    public int Count => LoanIds.Length;

    /// <summary>The number of loan rows given to the builder (accepted or rejected).</summary>
    public long LoanRowsRead { get; }

    /// <summary>The number of distinct loan identifiers rejected (including identifiers only found in cash-flow rows).</summary>
    public int RejectedLoanCount { get; }

    /// <summary>The number of loan rows rejected: <see cref="LoanRowsRead"/> = <see cref="Count"/> + this, whatever the
    /// reason (both rows of a repeated <c>loan_id</c> count, a row with an empty <c>loan_id</c> counts).</summary>
    public long RejectedLoanRowCount => LoanRowsRead - Count;

    /// <summary>The number of distinct loan identifiers found only in cash-flow rows (no loan row; rejected, and not
    /// counted in <see cref="RejectedLoanRowCount"/>).</summary>
    public int UnknownLoanCount { get; }

    /// <summary>Every reason for a rejection, in input order (loan rows first, then cash-flow rows).</summary>
    public IReadOnlyList<RejectedLoan> Rejections { get; }

    /// <summary>Loan identifiers.</summary>
    public ReadOnlySpan<string> LoanId => LoanIds;

    /// <summary>Gross carrying amounts (gross amortised cost) at the reporting date, in currency, &gt;= 0.</summary>
    public ReadOnlySpan<double> CarryingAmount => Carrying;

    /// <summary>Original effective interest rates, annual effective fractions, &gt; -1.</summary>
    public ReadOnlySpan<double> Eir => Eirs;

    /// <summary>Whether each EIR was solved from origination terms (true) or given (false).</summary>
    public ReadOnlySpan<bool> EirFromTerms => EirFromTermsFlags;

    /// <summary>The reporting date of loan <paramref name="index"/>.</summary>
    /// <param name="index">The loan index, in [0, Count).</param>
    /// <returns>The date.</returns>
    /// <exception cref="IndexOutOfRangeException">The index is outside the book.</exception>
    public DateOnly ReportingDate(int index) => DateOnly.FromDayNumber(ReportingDays[index]);

    /// <summary>The number of scenarios of loan <paramref name="index"/>'s estimate at its reporting date (0 when it has none).</summary>
    /// <param name="index">The loan index, in [0, Count).</param>
    /// <returns>The scenario count.</returns>
    /// <exception cref="IndexOutOfRangeException">The index is outside the book.</exception>
    public int ScenarioCount(int index) => HasInitialSet(index) ? SetScenarioStart[SetStart[index] + 1] - SetScenarioStart[SetStart[index]] : 0;

    internal string[] LoanIds { get; }

    internal double[] Carrying { get; }

    internal double[] Eirs { get; }

    internal bool[] EirFromTermsFlags { get; }

    internal int[] ReportingDays { get; }

    internal int[] SetStart { get; }

    internal int[] SetAsOfDay { get; }

    internal int[] SetScenarioStart { get; }

    internal string[] ScenarioNames { get; }

    internal double[] Probabilities { get; }

    internal int[] FlowStart { get; }

    internal int[] FlowDay { get; }

    internal double[] FlowAmount { get; }

    /// <summary>Whether loan i has an estimate at its reporting date.</summary>
    internal bool HasInitialSet(int i) => SetStart[i] < SetStart[i + 1] && SetAsOfDay[SetStart[i]] == ReportingDays[i];
}
