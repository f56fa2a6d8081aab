namespace ValueCore.Impairment;

/// <summary>One reason why a loan was left out of an impairment run: the loan, the file (or label) and the issue.</summary>
/// <param name="LoanId">The loan identifier as read (may name a loan that is only in the cash-flow input).</param>
/// <param name="Source">The source label (file name) of the row at fault.</param>
/// <param name="Issue">Line, column, value and rule.</param>
public readonly record struct RejectedLoan(string LoanId, string Source, DataIssue Issue)
{
    /// <summary>The reason as "source:line: column = value rule".</summary>
    /// <returns>The formatted message.</returns>
    public override string ToString() => Issue.Format(Source);
}
