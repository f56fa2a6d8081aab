namespace ValueCore.Impairment;

/// <summary>One loan's dated contractual cash flows, sorted by date: the input of <see cref="EirBook.Solve"/>.</summary>
/// <param name="LoanId">The loan.</param>
/// <param name="Dates">The dates, ascending.</param>
/// <param name="Amounts">The amounts in currency (the first, the initial carrying amount paid out, negative).</param>
/// <param name="FirstLine">The first physical line of the loan in its file, or its 1-based record number for data built in code.</param>
public sealed record ContractualCashFlows(string LoanId, IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Amounts, long FirstLine);
