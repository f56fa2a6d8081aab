using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>Settings of the IRB capital formula.</summary>
public sealed record IrbOptions
{
    private readonly double _confidence = 0.999;
    private readonly double? _pdFloor;

    /// <summary>The default settings: Basel II floors, 99.9% confidence, no 1.06 scaling.</summary>
    public static IrbOptions Default { get; } = new();

    /// <summary>The confidence level q that replaces 0.999 in G(q); default 0.999, in (0.5, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0.5, 1).</exception>
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

    /// <summary>The regime whose PD floors apply; default <see cref="CapitalRegime.Basel2"/>.</summary>
    public CapitalRegime Regime { get; init; } = CapitalRegime.Basel2;

    /// <summary>A PD floor for every asset class that overrides the regime's floors; null (default) keeps them. In [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public double? PdFloor
    {
        get => _pdFloor;
        init
        {
            if (value is double v && !(v >= 0.0 && v < 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(PdFloor), v, "[0, 1)");
            }

            _pdFloor = value;
        }
    }

    /// <summary>Whether K is multiplied by the Basel II scaling factor 1.06 (para 44); default false, since economic capital is held without it.</summary>
    public bool ApplyScalingFactor { get; init; }

    /// <summary>The PD floor that applies to an asset class under these settings.</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <returns>The floor, as a fraction.</returns>
    public double FloorFor(AssetClass assetClass) => _pdFloor ?? IrbFormula.RegulatoryPdFloor(assetClass, Regime);
}
