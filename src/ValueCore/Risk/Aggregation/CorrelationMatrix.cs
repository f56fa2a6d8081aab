using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using ValueCore.Internal;

namespace ValueCore.Risk.Aggregation;

/// <summary>A validated correlation matrix over named variables (risk types, or unit-and-type cells): symmetric, unit
/// diagonal, elements in [-1, 1], positive semi-definite within <see cref="EigenvalueTolerance"/>.</summary>
/// <remarks>Singular matrices (perfect correlation, smallest eigenvalue 0) are valid. The eigenvalues come from
/// Math.NET Numerics' symmetric eigenvalue decomposition (Householder tridiagonalisation and QL).</remarks>
public sealed class CorrelationMatrix
{
    /// <summary>The lower bound on the smallest eigenvalue, -1e-10: rounding in a singular matrix is tolerated.</summary>
    public const double EigenvalueTolerance = -1e-10;

    /// <summary>The tolerance on symmetry, |a(i,j) - a(j,i)| &lt;= 1e-12.</summary>
    public const double SymmetryTolerance = 1e-12;

    private readonly double[] _values;

    private CorrelationMatrix(string[] labels, double[] values, double smallestEigenvalue)
    {
        Labels = labels;
        _values = values;
        SmallestEigenvalue = smallestEigenvalue;
    }

    /// <summary>The variable names, in row order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The order n.</summary>
    public int Size => Labels.Count;

    /// <summary>The smallest eigenvalue.</summary>
    public double SmallestEigenvalue { get; }

    /// <summary>The element in row i, column j.</summary>
    /// <param name="row">0-based row.</param>
    /// <param name="column">0-based column.</param>
    /// <returns>The correlation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the matrix.</exception>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Size || (uint)column >= (uint)Size)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(row), "The index is outside the matrix.");
            }

            return _values[(row * Size) + column];
        }
    }

    /// <summary>The elements, row-major (n x n).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Checks a matrix against every rule, reporting all problems.</summary>
    /// <param name="values">The n x n elements, row-major.</param>
    /// <param name="size">The order n, &gt;= 1.</param>
    /// <returns>The issues and the smallest eigenvalue.</returns>
    /// <exception cref="ArgumentException">The length is not n x n.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is below 1.</exception>
    public static CorrelationValidation Validate(ReadOnlySpan<double> values, int size)
    {
        if (size < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(size), size, "[1, inf)");
        }

        SpanGuard.SameLength(values, checked(size * size));
        var issues = new List<CorrelationIssue>();
        bool bounded = true; // every element finite and in [-1, 1]: only then is the eigenvalue check meaningful and safe
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double a = values[(i * size) + j];
                if (!double.IsFinite(a))
                {
                    bounded = false;
                    issues.Add(new CorrelationIssue(i, j, a, "is not a finite number"));
                    continue;
                }

                bounded &= a is >= -1.0 and <= 1.0;
                if (i == j && a != 1.0)
                {
                    issues.Add(new CorrelationIssue(i, j, a, "is on the diagonal and is not 1"));
                }
                else if (a is < -1.0 or > 1.0)
                {
                    issues.Add(new CorrelationIssue(i, j, a, "is outside [-1, 1]"));
                }

                double b = values[(j * size) + i];
                if (j > i && double.IsFinite(b) && Math.Abs(a - b) > SymmetryTolerance)
                {
                    issues.Add(new CorrelationIssue(i, j, a, string.Create(CultureInfo.InvariantCulture,
                        $"differs from the element [{j + 1}, {i + 1}] = {b:R} (not symmetric)")));
                }
            }
        }

        double smallest = double.NaN;
        if (bounded)
        {
            smallest = SmallestEigenvalueOf(values, size);
            if (!(smallest >= EigenvalueTolerance))
            {
                issues.Add(new CorrelationIssue(-1, -1, smallest, string.Create(CultureInfo.InvariantCulture,
                    $"is the smallest eigenvalue, below {EigenvalueTolerance:R}: the matrix is not positive semi-definite")));
            }
        }

        return new CorrelationValidation(issues, smallest);
    }

    /// <summary>Creates a validated matrix.</summary>
    /// <param name="labels">Distinct variable names, n of them.</param>
    /// <param name="values">The n x n elements, row-major; copied.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException">Labels repeat, the length is not n x n, or the matrix breaks a rule (the message lists them).</exception>
    public static CorrelationMatrix Create(IReadOnlyList<string> labels, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0 || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            ThrowHelper.Argument(nameof(labels), "Labels must be distinct and at least one.");
        }

        var check = Validate(values, labels.Count);
        if (!check.IsValid)
        {
            ThrowHelper.Argument(nameof(values), "Not a correlation matrix: " + string.Join("; ", check.Issues.Select(Describe)));
        }

        return new CorrelationMatrix([.. labels], values.ToArray(), check.SmallestEigenvalue);
    }

    /// <summary>A one-line description of an issue with 1-based row and column.</summary>
    /// <param name="issue">The issue.</param>
    /// <returns>"[row, column] = value rule", or "value rule" for a whole-matrix property.</returns>
    public static string Describe(CorrelationIssue issue) => issue.Row < 0
        ? string.Create(CultureInfo.InvariantCulture, $"{issue.Value:R} {issue.Rule}")
        : string.Create(CultureInfo.InvariantCulture, $"[{issue.Row + 1}, {issue.Column + 1}] = {issue.Value:R} {issue.Rule}");

    internal static double SmallestEigenvalueOf(ReadOnlySpan<double> values, int size)
    {
        var m = Matrix<double>.Build.Dense(size, size);
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                m[i, j] = 0.5 * (values[(i * size) + j] + values[(j * size) + i]);
            }
        }

        var evd = m.Evd(Symmetricity.Symmetric);
        double min = double.PositiveInfinity;
        foreach (var e in evd.EigenValues)
        {
            min = Math.Min(min, e.Real);
        }

        return min;
    }
}
