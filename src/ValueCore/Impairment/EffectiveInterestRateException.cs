namespace ValueCore.Impairment;

/// <summary>The effective interest rate of a loan could not be solved; the message names the loan and the reason.</summary>
public sealed class EffectiveInterestRateException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="loanId">The loan.</param>
    /// <param name="failure">The reason.</param>
    /// <param name="detail">A sentence with the numbers behind the reason.</param>
    public EffectiveInterestRateException(string loanId, EirFailure failure, string detail)
        : base($"loan {loanId}: effective interest rate not found ({failure}): {detail}")
    {
        LoanId = loanId;
        Failure = failure;
    }

    /// <summary>The loan whose rate was not found.</summary>
    public string LoanId { get; }

    /// <summary>Why it was not found.</summary>
    public EirFailure Failure { get; }
}
