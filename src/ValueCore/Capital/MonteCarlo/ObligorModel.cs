using System.Globalization;
using ValueCore.Numerics;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The simulation model of a portfolio, obligor by obligor: loss given default w_o, and the affine map of the
/// conditional-default threshold x_o = a_o s + b_o f_g(o), with f_g a unit-variance combination of the independent
/// factor normals Y and s = sqrt(W / nu) (t copula) or 1; the obligor defaults when U_o &lt; N(x_o).
/// </summary>
internal sealed class ObligorModel
{
    public required int LoanCount { get; init; }
    public required int ObligorCount { get; init; }
    public required int FactorCount { get; init; }
    public required int GroupCount { get; init; }
    public required int[] LoanObligor { get; init; }
    public required double[] LoanLoss { get; init; }
    public required double[] ObligorLoss { get; init; }
    public required double[] ObligorShare { get; init; }
    public required double TotalLoss { get; init; }
    public required double[] A { get; init; }
    public required double[] B { get; init; }
    public required int[] Group { get; init; }

    /// <summary>G x K: f_g = sum_j V[g, j] Y_j.</summary>
    public required double[] Projection { get; init; }
    public required double[] ObligorPd { get; init; }
    public required double[] ObligorCorrelation { get; init; }
    public required CopulaKind Copula { get; init; }
    public required double DegreesOfFreedom { get; init; }
    public required uint Key0 { get; init; }
    public required uint Key1 { get; init; }
    public required bool ImportanceSampling { get; init; }

    /// <summary>Mean shift mu of the independent factor normals Y under importance sampling (zeros otherwise).</summary>
    public required double[] Shift { get; init; }

    /// <summary>The loss level (a share of total loss) the conditional default probabilities are twisted towards.</summary>
    public required double TwistTarget { get; init; }

    public static ObligorModel Build(CreditExposures exposures, MonteCarloOptions options)
    {
        int n = exposures.Count, m = exposures.ObligorCount;
        var loanLoss = new double[n];
        var obligorLoss = new double[m];
        var pdO = new double[m];
        for (int i = 0; i < n; i++)
        {
            int o = exposures.ObligorOfLoan[i];
            loanLoss[i] = exposures.EadColumn[i] * exposures.LgdColumn[i];
            obligorLoss[o] += loanLoss[i];
            double p = exposures.PdColumn[i];
            p = p >= 1.0 ? 1.0 : Math.Max(p, options.Irb.FloorFor(exposures.AssetClasses[i]));
            pdO[o] = Math.Max(pdO[o], p);
        }

        double total = 0.0;
        for (int o = 0; o < m; o++)
        {
            total += obligorLoss[o];
        }

        // IRB correlation of the obligor: loss-weighted mean of its loans' (equal when they share class and sales).
        var rNum = new double[m];
        var rDen = new double[m];
        var rCount = new int[m];
        var rPlain = new double[m];
        for (int i = 0; i < n; i++)
        {
            int o = exposures.ObligorOfLoan[i];
            double r = IrbFormula.CorrelationUnchecked(exposures.AssetClasses[i], pdO[o], exposures.SalesColumn[i]);
            rNum[o] += loanLoss[i] * r;
            rDen[o] += loanLoss[i];
            rPlain[o] += r;
            rCount[o]++;
        }

        var corr = new double[m];
        for (int o = 0; o < m; o++)
        {
            corr[o] = rDen[o] > 0.0 ? rNum[o] / rDen[o] : rPlain[o] / rCount[o];
        }

        // Factor structure: one factor with loading sqrt(R_o), or the factor model's groups.
        int k;
        int[] group = new int[m];
        double[] projection;
        double[] rho = new double[m];
        var factors = options.Factors;
        if (factors is null)
        {
            k = 1;
            projection = [1.0];
            for (int o = 0; o < m; o++)
            {
                rho[o] = Math.Sqrt(corr[o]);
            }
        }
        else
        {
            k = factors.FactorCount;
            var groups = new Dictionary<string, int>(StringComparer.Ordinal);
            var proj = new List<double>();
            var issues = new DataIssueCollector("exposures");
            for (int o = 0; o < m; o++)
            {
                int f = exposures.FirstLoanOfObligor[o];
                string customer = exposures.CustomerIds[f];
                string segment = exposures.Segments[f];
                double[]? b;
                string key;
                if (customer.Length > 0 && factors.CustomerLoadings.TryGetValue(customer, out b))
                {
                    key = "c\u001f" + customer;
                }
                else if (factors.SegmentLoadings.TryGetValue(segment, out b))
                {
                    key = "s\u001f" + segment;
                }
                else
                {
                    issues.Add(f + 1, "segment", segment, "has no factor loadings (neither its customer id nor its segment is in the factor file)");

                    continue;
                }

                if (!groups.TryGetValue(key, out int g))
                {
                    g = groups.Count;
                    groups[key] = g;
                    double var = factors.SystematicVariance(b);
                    double sd = Math.Sqrt(var);
                    var chol = factors.Cholesky;
                    for (int j = 0; j < k; j++)
                    {
                        // (L' b)_j / sqrt(b' Sigma b): unit variance since |L' b|^2 = b' Sigma b.
                        double s = 0.0;
                        for (int i = j; i < k; i++)
                        {
                            s += chol[(i * k) + j] * b[i];
                        }

                        proj.Add(sd > 0.0 ? s / sd : 0.0);
                    }
                }

                group[o] = g;
                rho[o] = Math.Sqrt(factors.SystematicVariance(b));
            }

            issues.ThrowIfAny();

            projection = [.. proj];
        }

        double df = options.DegreesOfFreedom;
        var a = new double[m];
        var bb = new double[m];
        for (int o = 0; o < m; o++)
        {
            double p = pdO[o];
            double c = p >= 1.0 ? double.PositiveInfinity
                : options.Copula == CopulaKind.StudentT ? MathNet.Numerics.Distributions.StudentT.InvCDF(0.0, 1.0, df, p)
                : NormalDistribution.InverseCdfUnchecked(p);
            if (double.IsNaN(c))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The default threshold of PD {p:R} could not be computed."));
            }

            double s = Math.Sqrt(1.0 - (rho[o] * rho[o]));
            a[o] = c / s;
            bb[o] = -rho[o] / s;
        }

        var share = new double[m];
        double norm = total > 0.0 ? total : 1.0;
        for (int o = 0; o < m; o++)
        {
            share[o] = obligorLoss[o] / norm;
        }

        int groupCount = projection.Length / k;
        var shift = new double[k];
        double target = 0.0;
        if (options.ImportanceSampling && m > 0)
        {
            ChooseShift(a, bb, group, projection, share, k, options.Confidence, shift, out target);
        }

        return new ObligorModel
        {
            LoanCount = n,
            ObligorCount = m,
            FactorCount = k,
            GroupCount = groupCount,
            LoanObligor = exposures.ObligorOfLoan,
            LoanLoss = loanLoss,
            ObligorLoss = obligorLoss,
            ObligorShare = share,
            TotalLoss = total,
            A = a,
            B = bb,
            Group = group,
            Projection = projection,
            ObligorPd = pdO,
            ObligorCorrelation = corr,
            Copula = options.Copula,
            DegreesOfFreedom = df,
            Key0 = (uint)options.Seed,
            Key1 = (uint)(options.Seed >> 32),
            ImportanceSampling = options.ImportanceSampling,
            Shift = shift,
            TwistTarget = target,
        };
    }

    /// <summary>
    /// The mean shift: mu = G(q) d, d the unit direction of steepest increase of the conditional expected loss
    /// E[L | Y = y] at y = 0; the twisting target is E[L | Y = mu] (for one factor: the ASRF quantile of the portfolio).
    /// </summary>
    private static void ChooseShift(double[] a, double[] b, int[] group, double[] projection, double[] share, int k, double q, double[] shift, out double target)
    {
        var grad = new double[k];
        for (int o = 0; o < a.Length; o++)
        {
            double w = share[o] * NormalDistribution.Density(a[o]) * b[o];
            int g = group[o];
            for (int j = 0; j < k; j++)
            {
                grad[j] += w * projection[(g * k) + j];
            }
        }

        double norm = Math.Sqrt(grad.Sum(v => v * v));
        double gq = NormalDistribution.InverseCdfUnchecked(q);
        for (int j = 0; j < k; j++)
        {
            shift[j] = norm > 0.0 ? gq * grad[j] / norm : 0.0;
        }

        target = 0.0;
        for (int o = 0; o < a.Length; o++)
        {
            int g = group[o];
            double f = 0.0;
            for (int j = 0; j < k; j++)
            {
                f += projection[(g * k) + j] * shift[j];
            }

            target += share[o] * NormalDistribution.CdfUnchecked(a[o] + (b[o] * f));
        }
    }
}
