using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>Settings of <see cref="GranularityAdjustment.Compute"/>: the confidence, the precision of the gamma-distributed systematic factor and the LGD volatility parameter.</summary>
public sealed record GranularityOptions
{
    private readonly double _confidence = IrbFormula.RegulatoryConfidence;
    private readonly double _factorPrecision = GranularityAdjustment.DefaultFactorPrecision;
    private readonly double _lgdVolatility = GranularityAdjustment.DefaultLgdVolatility;

    /// <summary>The default options of Gordy and Lütkebohmert (2013): q = 0.999, ξ = 0.25, γ = 0.25.</summary>
    public static GranularityOptions Default { get; } = new();

    /// <summary>The confidence q of the capital the adjustment is added to, in [0.5, 1); default 0.999. Use the confidence of the ASRF capital.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0.5, 1).</exception>
    public double Confidence
    {
        get => _confidence;
        init
        {
            if (!(value >= 0.5 && value < 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Confidence), value, "[0.5, 1)");
            }

            _confidence = value;
        }
    }

    /// <summary>The precision ξ of the systematic factor X ~ Gamma(ξ, 1/ξ) (mean 1, variance 1/ξ), in (0, 100]; default 0.25.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 100].</exception>
    public double FactorPrecision
    {
        get => _factorPrecision;
        init
        {
            if (!(value > 0.0 && value <= 100.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(FactorPrecision), value, "(0, 100]");
            }

            _factorPrecision = value;
        }
    }

    /// <summary>The LGD volatility parameter γ of VLGD² = γ ELGD (1 - ELGD), in [0, 1]; default 0.25; 0 for deterministic LGD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1].</exception>
    public double LgdVolatility
    {
        get => _lgdVolatility;
        init
        {
            if (!(value >= 0.0 && value <= 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(LgdVolatility), value, "[0, 1]");
            }

            _lgdVolatility = value;
        }
    }
}
