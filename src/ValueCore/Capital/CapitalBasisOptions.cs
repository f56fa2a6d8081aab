using ValueCore.Internal;
using ValueCore.Profitability;

namespace ValueCore.Capital;

/// <summary>Settings of <see cref="CapitalBasisProfitability.Compute"/>: the capital basis, the capital ratio that turns RWA into regulatory capital, and the profitability parameters.</summary>
public sealed record CapitalBasisOptions
{
    private readonly CapitalBasis _basis = CapitalBasis.Economic;
    private readonly double _capitalRatio = DefaultCapitalRatio;
    private readonly ProfitabilityParameters _profitability = ProfitabilityParameters.Default;

    /// <summary>The default capital ratio, 0.08: the Pillar 1 minimum total capital ratio (RBC20.1); a bank targets its own (e.g. CET1 plus buffers).</summary>
    public const double DefaultCapitalRatio = 0.08;

    /// <summary>The default options: economic basis, capital ratio 0.08, <see cref="ProfitabilityParameters.Default"/>.</summary>
    public static CapitalBasisOptions Default { get; } = new();

    /// <summary>The capital on which RAROC and EVA are computed; default <see cref="CapitalBasis.Economic"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined basis.</exception>
    public CapitalBasis Basis
    {
        get => _basis;
        init
        {
            if (!Enum.IsDefined(value))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(Basis), (double)value, "the defined capital bases");
            }

            _basis = value;
        }
    }

    /// <summary>Regulatory capital per unit of floored RWA, a fraction in (0, 1]; default <see cref="DefaultCapitalRatio"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside (0, 1].</exception>
    public double CapitalRatio
    {
        get => _capitalRatio;
        init
        {
            if (!(value > 0.0 && value <= 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(CapitalRatio), value, "(0, 1]");
            }

            _capitalRatio = value;
        }
    }

    /// <summary>Hurdle, tax rate and capital rate; default <see cref="ProfitabilityParameters.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ProfitabilityParameters Profitability
    {
        get => _profitability;
        init => _profitability = value ?? throw new ArgumentNullException(nameof(Profitability));
    }
}
