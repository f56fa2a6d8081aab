namespace ValueCore.Risk.Aggregation;

/// <summary>The nearest correlation matrix to a given symmetric matrix, and how far it is.</summary>
public sealed class NearestCorrelationResult
{
    internal NearestCorrelationResult(double[] values, int size, int iterations, double frobeniusDistance, double maxAbsoluteChange, double smallestEigenvalue)
    {
        _values = values;
        Size = size;
        Iterations = iterations;
        FrobeniusDistance = frobeniusDistance;
        MaxAbsoluteChange = maxAbsoluteChange;
        SmallestEigenvalue = smallestEigenvalue;
    }

    private readonly double[] _values;

    /// <summary>The nearest correlation matrix, row-major n x n.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The order n.</summary>
    public int Size { get; }

    /// <summary>The number of alternating-projection iterations.</summary>
    public int Iterations { get; }

    /// <summary>The Frobenius norm of the change, ||A - X||_F.</summary>
    public double FrobeniusDistance { get; }

    /// <summary>The largest absolute change of one element, max |a(i,j) - x(i,j)|.</summary>
    public double MaxAbsoluteChange { get; }

    /// <summary>The smallest eigenvalue of the result (&gt;= -1e-10).</summary>
    public double SmallestEigenvalue { get; }
}
