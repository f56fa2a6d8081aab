using ValueCore.Internal;

namespace ValueCore.Risk.Market;

/// <summary>Settings of a historical market risk run.</summary>
public sealed record MarketRiskOptions
{
    private readonly double _confidence = 0.99;
    private readonly double? _horizonDays;
    private readonly double _pnlHorizonDays = 1.0;
    private readonly int _sensitivityWidth = 2;

    /// <summary>The defaults: 99% confidence, no time scaling, daily P&amp;L, tail sizes +-2 around the estimator's.</summary>
    public static MarketRiskOptions Default { get; } = new();

    /// <summary>The confidence α of VaR and ES, in [0.5, 1 - 1e-6]; default 0.99.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0.5, 1 - 1e-6].</exception>
    public double Confidence
    {
        get => _confidence;
        init
        {
            HistoricalEstimator.CheckConfidence(value);
            _confidence = value;
        }
    }

    /// <summary>The capital horizon in days, &gt; 0; null (default) when the P&amp;L vectors already are at the capital horizon (no scaling).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double? HorizonDays
    {
        get => _horizonDays;
        init
        {
            if (value is double v && !(v > 0.0 && double.IsFinite(v)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(HorizonDays), v, "(0, inf)");
            }

            _horizonDays = value;
        }
    }

    /// <summary>The horizon of the P&amp;L scenarios in days, &gt; 0; default 1 (daily P&amp;L). Used only with <see cref="HorizonDays"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double PnlHorizonDays
    {
        get => _pnlHorizonDays;
        init
        {
            if (!(value > 0.0 && double.IsFinite(value)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(PnlHorizonDays), value, "(0, inf)");
            }

            _pnlHorizonDays = value;
        }
    }

    /// <summary>How many integer tail sizes on each side of ceil(m) the tail-size sensitivity reports, in [0, 1000]; default 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1000].</exception>
    public int SensitivityWidth
    {
        get => _sensitivityWidth;
        init
        {
            if (value is < 0 or > 1000)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(SensitivityWidth), value, "[0, 1000]");
            }

            _sensitivityWidth = value;
        }
    }

    /// <summary>The square-root-of-time factor: sqrt(<see cref="HorizonDays"/> / <see cref="PnlHorizonDays"/>), or 1 without a horizon.</summary>
    public double ScalingFactor => HorizonDays is double h ? HistoricalEstimator.SquareRootOfTime(h, PnlHorizonDays) : 1.0;
}
