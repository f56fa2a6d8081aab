using ValueCore.Internal;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>Settings of a portfolio Monte Carlo run; every property has a documented default.</summary>
public sealed record MonteCarloOptions
{
    private readonly long _scenarios = 100_000;
    private readonly double _confidence = 0.999;
    private readonly double _degreesOfFreedom = 5.0;
    private readonly IReadOnlyList<double> _quantileLevels = [0.99, 0.999, 0.9995, 0.9997];
    private readonly double? _varWindow;
    private readonly int _maxDegreeOfParallelism = -1;

    /// <summary>The default options.</summary>
    public static MonteCarloOptions Default { get; } = new();

    /// <summary>The number of scenarios S, in [1, 10^9]; default 100,000.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range.</exception>
    public long Scenarios
    {
        get => _scenarios;
        init
        {
            if (value < 1 || value > 1_000_000_000)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Scenarios), value, "[1, 1e9]");
            }

            _scenarios = value;
        }
    }

    /// <summary>The seed: the key of the counter-based generator; default 42. Equal seeds give bit-identical results.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The confidence level q of VaR, ES and EC, in (0.5, 1); default 0.999.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range.</exception>
    public double Confidence
    {
        get => _confidence;
        init
        {
            if (!(value > 0.5 && value < 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Confidence), value, "(0.5, 1)");
            }

            _confidence = value;
        }
    }

    /// <summary>Further loss quantile levels to report, each in (0, 1); default 0.99, 0.999, 0.9995, 0.9997.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A level is outside (0, 1).</exception>
    public IReadOnlyList<double> QuantileLevels
    {
        get => _quantileLevels;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (double q in value)
            {
                if (!(q > 0.0 && q < 1.0))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(QuantileLevels), q, "(0, 1)");
                }
            }

            _quantileLevels = [.. value];
        }
    }

    /// <summary>The copula; default <see cref="CopulaKind.Gaussian"/>.</summary>
    public CopulaKind Copula { get; init; } = CopulaKind.Gaussian;

    /// <summary>Degrees of freedom nu of the Student-t copula, in [1, 1000]; default 5; ignored for the Gaussian copula.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range.</exception>
    public double DegreesOfFreedom
    {
        get => _degreesOfFreedom;
        init
        {
            if (!(value >= 1.0 && value <= 1000.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(DegreesOfFreedom), value, "[1, 1000]");
            }

            _degreesOfFreedom = value;
        }
    }

    /// <summary>A multi-factor structure; null (default) for one factor with loading sqrt(R_i), R_i the IRB asset correlation.</summary>
    public FactorModel? Factors { get; init; }

    /// <summary>Whether to use importance sampling (factor mean shift and exponential twisting, Glasserman and Li 2005); default false.</summary>
    public bool ImportanceSampling { get; init; }

    /// <summary>PD floors (and nothing else) of the IRB settings; default <see cref="IrbOptions.Default"/>.</summary>
    public IrbOptions Irb { get; init; } = IrbOptions.Default;

    /// <summary>Half-width delta, in probability, of the window [q - delta, q + delta] of the VaR-contribution estimator; null (default) for (1 - q) / 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 0.5).</exception>
    public double? VarWindow
    {
        get => _varWindow;
        init
        {
            if (value is double v && !(v > 0.0 && v < 0.5))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(VarWindow), v, "(0, 0.5)");
            }

            _varWindow = value;
        }
    }

    /// <summary>The most threads to use; -1 (default) for all cores. Results do not depend on it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below -1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value == 0 || value < -1)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(MaxDegreeOfParallelism), value, "-1 (all cores) or [1, inf)");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>The VaR-contribution window half-width in use.</summary>
    internal double EffectiveVarWindow => _varWindow ?? ((1.0 - _confidence) / 2.0);
}
