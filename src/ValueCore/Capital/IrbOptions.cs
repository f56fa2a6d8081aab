using ValueCore.Internal;

namespace ValueCore.Capital;

/// <summary>Settings of the IRB capital formula.</summary>
public sealed record IrbOptions
{
    private readonly double _confidence = 0.999;
    private readonly double? _pdFloor;

    /// <summary>The default settings: Basel II floors, 99.9% confidence.</summary>
    public static IrbOptions Default { get; } = new();

    /// <summary>The confidence level q of economic capital, which replaces 0.999 in G(q); default 0.999, in
    /// [<see cref="IrbFormula.MinimumConfidence"/>, <see cref="IrbFormula.MaximumConfidence"/>]. RWA is always at 0.999.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0.9, 0.999999].</exception>
    public double Confidence
    {
        get => _confidence;
        init
        {
            if (!(value >= IrbFormula.MinimumConfidence && value <= IrbFormula.MaximumConfidence))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Confidence), value, IrbFormula.ConfidenceRange);
            }

            _confidence = value;
        }
    }

    /// <summary>The regime whose PD floors and RWA scaling factor apply; default <see cref="CapitalRegime.Basel2"/>.</summary>
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

    /// <summary>The PD floor that applies to an asset class under these settings (the regime's, or <see cref="PdFloor"/>).</summary>
    /// <param name="assetClass">The asset class.</param>
    /// <returns>The floor, as a fraction; the IRB formula also applies <see cref="IrbFormula.TechnicalPdFloor"/> after it.</returns>
    public double FloorFor(AssetClass assetClass) => _pdFloor ?? IrbFormula.RegulatoryPdFloor(assetClass, Regime);

    /// <summary>The PD floor the IRB formula applies: <see cref="FloorFor"/>, then <see cref="IrbFormula.TechnicalPdFloor"/>.</summary>
    internal double ValuationFloorFor(AssetClass assetClass) => Math.Max(FloorFor(assetClass), IrbFormula.TechnicalPdFloor);

    /// <summary>The PD below which the technical floor (not the regulatory one) lifts a loan's PD; 0 when the regulatory floor is at least the technical one.</summary>
    internal double TechnicalFloorThreshold(AssetClass assetClass) => FloorFor(assetClass) < IrbFormula.TechnicalPdFloor ? IrbFormula.TechnicalPdFloor : 0.0;
}
