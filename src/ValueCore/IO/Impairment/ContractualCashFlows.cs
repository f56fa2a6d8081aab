namespace ValueCore.IO.Impairment;

/// <summary>One loan's dated contractual cash flows as read from a file, sorted by date.</summary>
/// <param name="LoanId">The loan.</param>
/// <param name="Dates">The dates, ascending.</param>
/// <param name="Amounts">The amounts in currency (initial carrying amount negative).</param>
/// <param name="FirstLine">The first physical line of the loan in the file.</param>
public sealed record ContractualCashFlows(string LoanId, IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Amounts, long FirstLine);
