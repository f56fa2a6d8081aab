namespace ValueCore.Risk.Aggregation;

/// <summary>The outcome of checking a matrix against the rules of a correlation matrix.</summary>
public sealed class CorrelationValidation
{
    internal CorrelationValidation(IReadOnlyList<CorrelationIssue> issues, double smallestEigenvalue)
    {
        Issues = issues;
        SmallestEigenvalue = smallestEigenvalue;
    }

    /// <summary>Every broken rule, element rules first in row-major order, then positive semi-definiteness.</summary>
    public IReadOnlyList<CorrelationIssue> Issues { get; }

    /// <summary>The smallest eigenvalue of the symmetric part (A + A')/2; NaN when an element is not finite or lies outside [-1, 1] (the matrix is then invalid anyway).</summary>
    public double SmallestEigenvalue { get; }

    /// <summary>Whether the matrix is a valid correlation matrix (no issues).</summary>
    public bool IsValid => Issues.Count == 0;
}
