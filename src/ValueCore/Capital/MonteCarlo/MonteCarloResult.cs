using ValueCore.Internal;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The result of <see cref="PortfolioMonteCarlo.Run"/>: portfolio loss statistics with Monte Carlo standard errors, and
/// per-loan Euler contributions (expected shortfall, VaR, standard deviation) that sum to the portfolio figures.
/// </summary>
/// <remarks>All amounts are in the currency of the exposures. Estimators and standard errors are given in docs/montecarlo.md.</remarks>
public sealed class MonteCarloResult
{
    internal MonteCarloResult(CreditExposures exposures, MonteCarloOptions options, LoanContributions loans)
    {
        Exposures = exposures;
        Options = options;
        Loans = loans;
    }

    /// <summary>The exposures simulated.</summary>
    public CreditExposures Exposures { get; }

    /// <summary>The options used.</summary>
    public MonteCarloOptions Options { get; }

    internal LoanContributions Loans { get; }

    /// <summary>The confidence level q.</summary>
    public double Confidence => Options.Confidence;

    /// <summary>The number of scenarios.</summary>
    public long Scenarios => Options.Scenarios;

    /// <summary>The number of obligors.</summary>
    public int Obligors => Exposures.ObligorCount;

    /// <summary>Expected loss of the model, exact: sum of PD LGD EAD with the floored PDs (each obligor defaults with its PD in either copula), in currency.</summary>
    public required double El { get; init; }

    /// <summary>The simulated mean loss (1/S) sum w_s L_s, a check on <see cref="El"/>; under importance sampling a poor estimator (the sampling law targets the tail).</summary>
    public required double ElSimulated { get; init; }

    /// <summary>Standard error of <see cref="ElSimulated"/>.</summary>
    public required double ElSimulatedSe { get; init; }

    /// <summary>Standard deviation of the loss, in currency.</summary>
    public required double StandardDeviation { get; init; }

    /// <summary>VaR_q: the gross loss quantile at the confidence level (not net of EL), in currency.</summary>
    public required double Var { get; init; }

    /// <summary>Standard error of <see cref="Var"/>.</summary>
    public required double VarSe { get; init; }

    /// <summary>Expected shortfall ES_q = (1/(1 - q)) [E[L 1{L &gt; VaR_q}] + VaR_q (P(L &lt;= VaR_q) - q)] (Acerbi-Tasche, with the
    /// weighted empirical probabilities of the sample), in currency; equals E[L | L &gt;= VaR_q] when no atom sits on the VaR.</summary>
    public required double Es { get; init; }

    /// <summary>Standard error of <see cref="Es"/>.</summary>
    public required double EsSe { get; init; }

    /// <summary>Economic capital VaR_q - EL (EL exact), in currency.</summary>
    public double Ec => Var - El;

    /// <summary>Standard error of <see cref="Ec"/>: that of VaR, EL being exact.</summary>
    public double EcSe => VarSe;

    /// <summary>Expected-shortfall economic capital ES_q - EL, in currency.</summary>
    public double EsEc => Es - El;

    /// <summary>Standard error of <see cref="EsEc"/>: that of ES, EL being exact.</summary>
    public double EsEcSe => EsSe;

    /// <summary>The requested quantiles (levels of <see cref="MonteCarloOptions.QuantileLevels"/>), ascending by level.</summary>
    public required IReadOnlyList<LossQuantile> Quantiles { get; init; }

    /// <summary>A histogram of the loss distribution (50 equal bins from 0 to the largest loss).</summary>
    public required IReadOnlyList<LossHistogramBin> Histogram { get; init; }

    /// <summary>The number of scenarios with L &gt;= VaR: strictly above it, or on its atom (the tail of the ES contributions).</summary>
    public required long TailScenarios { get; init; }

    /// <summary>The number of scenarios in the VaR-contribution window [Q(q - delta), Q(q + delta)].</summary>
    public required long WindowScenarios { get; init; }

    /// <summary>The importance-sampling mean shift of the independent factor normals (zeros without importance sampling).</summary>
    public required IReadOnlyList<double> FactorShift { get; init; }

    /// <summary>Expected loss per loan, exact (PD LGD EAD with the floored PD), summing to <see cref="El"/>.</summary>
    public ReadOnlySpan<double> ElContribution => Loans.ElExact;

    /// <summary>Simulated expected loss per loan (1/S) sum w_s L_i,s, summing to <see cref="ElSimulated"/>.</summary>
    public ReadOnlySpan<double> ElSimulatedContribution => Loans.El;

    /// <summary>Expected-shortfall contributions per loan: (1/(1 - q)) [E[L_i 1{L &gt; VaR_q}] + E[L_i | L = VaR_q] (P(L &lt;= VaR_q) - q)],
    /// summing to <see cref="Es"/>.</summary>
    public ReadOnlySpan<double> EsContribution => Loans.Es;

    /// <summary>Standard errors of <see cref="EsContribution"/>.</summary>
    public ReadOnlySpan<double> EsContributionSe => Loans.EsSe;

    /// <summary>VaR contributions per loan (window estimator, scaled to sum to <see cref="Var"/>).</summary>
    public ReadOnlySpan<double> VarContribution => Loans.Var;

    /// <summary>Standard errors of <see cref="VarContribution"/>.</summary>
    public ReadOnlySpan<double> VarContributionSe => Loans.VarSe;

    /// <summary>Covariance contributions Cov(L_i, L) / SD(L) per loan, summing to <see cref="StandardDeviation"/>.</summary>
    public ReadOnlySpan<double> SdContribution => Loans.Sd;

    /// <summary>Standard errors of <see cref="SdContribution"/>.</summary>
    public ReadOnlySpan<double> SdContributionSe => Loans.SdSe;

    /// <summary>The diversified economic capital of every loan: <see cref="Ec"/> allocated by a method; the allocations sum to <see cref="Ec"/>.</summary>
    /// <param name="method">The allocation method.</param>
    /// <returns>One amount per loan, in currency; zeros when the denominator of the method is zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The method is not defined.</exception>
    public double[] AllocatedCapital(CapitalAllocation method)
    {
        int n = Exposures.Count;
        var result = new double[n];
        double ec = Ec;
        switch (method)
        {
            case CapitalAllocation.ExpectedShortfall:
            case CapitalAllocation.ValueAtRisk:
            {
                var c = method == CapitalAllocation.ExpectedShortfall ? Loans.Es : Loans.Var;
                double denominator = (method == CapitalAllocation.ExpectedShortfall ? Es : Var) - El;
                if (denominator != 0.0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = ec * (c[i] - Loans.ElExact[i]) / denominator;
                    }
                }

                break;
            }

            case CapitalAllocation.StandardDeviation:
                if (StandardDeviation > 0.0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        result[i] = ec * Loans.Sd[i] / StandardDeviation;
                    }
                }

                break;
            default:
                ThrowHelper.ArgumentOutOfRange(nameof(method), (double)method, "the defined allocation methods");
                break;
        }

        return result;
    }
}

/// <summary>Per-loan columns of a result.</summary>
internal sealed class LoanContributions(int n)
{
    public double[] El { get; } = new double[n];
    public double[] ElExact { get; } = new double[n];
    public double[] Es { get; } = new double[n];
    public double[] EsSe { get; } = new double[n];
    public double[] Var { get; } = new double[n];
    public double[] VarSe { get; } = new double[n];
    public double[] Sd { get; } = new double[n];
    public double[] SdSe { get; } = new double[n];
}
