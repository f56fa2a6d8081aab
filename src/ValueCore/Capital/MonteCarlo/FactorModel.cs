using System.Globalization;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// A multi-factor Gaussian structure: a correlation matrix Sigma of K systematic factors and factor loadings b per
/// obligor (by customer id) or per segment, so that A_i = b' Z + sqrt(1 - b' Sigma b) eps_i has unit variance.
/// </summary>
/// <remarks>Validated on creation: Sigma symmetric with unit diagonal and positive definite (Cholesky factor L with
/// Sigma = L L'), every loading vector of length K, finite, with b' Sigma b &lt; 1. See docs/montecarlo.md.</remarks>
public sealed class FactorModel
{
    private readonly double[] _correlation;
    private readonly double[] _cholesky;
    private readonly Dictionary<string, double[]> _segmentLoadings;
    private readonly Dictionary<string, double[]> _customerLoadings;

    private FactorModel(string[] names, double[] correlation, double[] cholesky, Dictionary<string, double[]> segment, Dictionary<string, double[]> customer)
    {
        FactorNames = names;
        _correlation = correlation;
        _cholesky = cholesky;
        _segmentLoadings = segment;
        _customerLoadings = customer;
    }

    /// <summary>The factor names, in matrix order.</summary>
    public IReadOnlyList<string> FactorNames { get; }

    /// <summary>The number of factors K.</summary>
    public int FactorCount => FactorNames.Count;

    /// <summary>Loading vectors by segment.</summary>
    public IReadOnlyDictionary<string, double[]> SegmentLoadings => _segmentLoadings;

    /// <summary>Loading vectors by customer id (these take precedence over the segment's).</summary>
    public IReadOnlyDictionary<string, double[]> CustomerLoadings => _customerLoadings;

    /// <summary>The factor correlation Sigma[j, k].</summary>
    /// <param name="j">Row, in [0, K).</param>
    /// <param name="k">Column, in [0, K).</param>
    /// <returns>The correlation, in [-1, 1].</returns>
    public double Correlation(int j, int k) => _correlation[(j * FactorCount) + k];

    internal ReadOnlySpan<double> Cholesky => _cholesky;

    /// <summary>Creates and validates a factor model.</summary>
    /// <param name="factorNames">K distinct, non-empty factor names.</param>
    /// <param name="correlation">The K x K factor correlation matrix Sigma.</param>
    /// <param name="segmentLoadings">Loadings by segment (each of length K); may be empty.</param>
    /// <param name="customerLoadings">Loadings by customer id (each of length K); may be empty.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">A rule is broken: the message lists every problem.</exception>
    public static FactorModel Create(IReadOnlyList<string> factorNames, double[,] correlation,
        IReadOnlyDictionary<string, double[]> segmentLoadings, IReadOnlyDictionary<string, double[]> customerLoadings)
    {
        ArgumentNullException.ThrowIfNull(factorNames);
        ArgumentNullException.ThrowIfNull(correlation);
        ArgumentNullException.ThrowIfNull(segmentLoadings);
        ArgumentNullException.ThrowIfNull(customerLoadings);
        var problems = new List<string>();
        int k = factorNames.Count;
        if (k == 0)
        {
            problems.Add("at least one factor is needed");
        }

        if (factorNames.Any(string.IsNullOrEmpty) || factorNames.Distinct(StringComparer.Ordinal).Count() != k)
        {
            problems.Add("factor names must be non-empty and distinct");
        }

        if (correlation.GetLength(0) != k || correlation.GetLength(1) != k)
        {
            problems.Add(Invariant($"the correlation matrix is {correlation.GetLength(0)} x {correlation.GetLength(1)}; expected {k} x {k}"));
            throw new ArgumentException(string.Join("; ", problems), nameof(correlation));
        }

        var sigma = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double v = correlation[i, j];
                sigma[(i * k) + j] = v;
                if (!(v >= -1.0 && v <= 1.0))
                {
                    problems.Add(Invariant($"Sigma[{factorNames[i]}, {factorNames[j]}] = {v:R} is outside [-1, 1]"));
                }
                else if (i == j && v != 1.0)
                {
                    problems.Add(Invariant($"Sigma[{factorNames[i]}, {factorNames[i]}] = {v:R} must be 1 (a correlation matrix)"));
                }
                else if (j < i && v != correlation[j, i])
                {
                    problems.Add(Invariant($"Sigma[{factorNames[i]}, {factorNames[j]}] = {v:R} differs from Sigma[{factorNames[j]}, {factorNames[i]}] = {correlation[j, i]:R} (must be symmetric)"));
                }
            }
        }

        double[] chol = problems.Count == 0 ? CholeskyOf(sigma, k, problems) : [];
        var seg = CheckLoadings(segmentLoadings, "segment", sigma, k, problems);
        var cus = CheckLoadings(customerLoadings, "customer", sigma, k, problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid factor model: " + string.Join("; ", problems));
        }

        return new FactorModel([.. factorNames], sigma, chol, seg, cus);
    }

    /// <summary>b' Sigma b, the systematic variance of an asset value with loadings b.</summary>
    /// <param name="loadings">The loadings, length K.</param>
    /// <returns>The variance, in [0, 1).</returns>
    /// <exception cref="ArgumentException">The length is not K.</exception>
    public double SystematicVariance(ReadOnlySpan<double> loadings)
    {
        if (loadings.Length != FactorCount)
        {
            throw new ArgumentException(Invariant($"loadings have length {loadings.Length}; expected {FactorCount}"), nameof(loadings));
        }

        return Quadratic(loadings, _correlation, FactorCount);
    }

    private static double Quadratic(ReadOnlySpan<double> b, double[] sigma, int k)
    {
        double s = 0.0;
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                s += b[i] * sigma[(i * k) + j] * b[j];
            }
        }

        return s;
    }

    private static Dictionary<string, double[]> CheckLoadings(IReadOnlyDictionary<string, double[]> loadings, string kind, double[] sigma, int k, List<string> problems)
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (key, b) in loadings)
        {
            if (b is null || b.Length != k)
            {
                problems.Add(Invariant($"{kind} '{key}': {b?.Length ?? 0} loadings; expected {k}"));
                continue;
            }

            if (b.Any(v => !double.IsFinite(v)))
            {
                problems.Add(Invariant($"{kind} '{key}': loadings must be finite"));
                continue;
            }

            if (sigma.Length == k * k)
            {
                double v = Quadratic(b, sigma, k);
                if (!(v < 1.0))
                {
                    problems.Add(Invariant($"{kind} '{key}': b' Sigma b = {v:R} must be below 1 (the idiosyncratic weight sqrt(1 - b' Sigma b) must be real and positive)"));
                }
            }

            result[key] = [.. b];
        }

        return result;
    }

    private static double[] CholeskyOf(double[] a, int k, List<string> problems)
    {
        var l = new double[k * k];
        for (int j = 0; j < k; j++)
        {
            double d = a[(j * k) + j];
            for (int m = 0; m < j; m++)
            {
                d -= l[(j * k) + m] * l[(j * k) + m];
            }

            if (!(d > 1e-12))
            {
                problems.Add("the correlation matrix is not positive definite (Cholesky pivot " + d.ToString("R", CultureInfo.InvariantCulture) + ")");
                return l;
            }

            l[(j * k) + j] = Math.Sqrt(d);
            for (int i = j + 1; i < k; i++)
            {
                double s = a[(i * k) + j];
                for (int m = 0; m < j; m++)
                {
                    s -= l[(i * k) + m] * l[(j * k) + m];
                }

                l[(i * k) + j] = s / l[(j * k) + j];
            }
        }

        return l;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
