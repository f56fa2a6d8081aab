using ValueCore.Internal;

namespace ValueCore.Profitability;

/// <summary>The financial parameters of RAROC and EVA: the hurdle rate, the tax rate and the return earned on the capital held.</summary>
public sealed record ProfitabilityParameters
{
    private readonly double _hurdle = 0.12;
    private readonly double _taxRate = 0.25;
    private readonly double _capitalRate = 0.03;

    /// <summary>The default parameters: hurdle 12%, tax 25%, capital rate 3%.</summary>
    public static ProfitabilityParameters Default { get; } = new();

    /// <summary>The hurdle rate (cost of equity capital) charged on economic capital in EVA; default 0.12, a fraction in [-1, 10].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [-1, 10] or not finite.</exception>
    public double Hurdle { get => _hurdle; init => _hurdle = Check(value, -1.0, 10.0, nameof(Hurdle)); }

    /// <summary>The tax rate applied linearly to the pre-tax risk-adjusted return (losses earn a tax credit); default 0.25, in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, 1).</exception>
    public double TaxRate
    {
        get => _taxRate;
        init
        {
            if (!(value >= 0.0 && value < 1.0))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(TaxRate), value, "[0, 1)");
            }

            _taxRate = value;
        }
    }

    /// <summary>The annual return earned on the economic capital held (invested at a risk-free rate); default 0.03, in [-1, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [-1, 1] or not finite.</exception>
    public double CapitalRate { get => _capitalRate; init => _capitalRate = Check(value, -1.0, 1.0, nameof(CapitalRate)); }

    private static double Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, $"[{min}, {max}]");
        }

        return value;
    }
}
