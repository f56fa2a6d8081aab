using ValueCore.Capital;
using ValueCore.Internal;
using ValueCore.Profitability;

namespace ValueCore.Portfolio;

/// <summary>Everything a portfolio valuation needs besides the loans: capital settings and financial parameters.</summary>
public sealed record ValuationOptions
{
    private readonly Dictionary<string, double> _hurdleBySegment = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The default options.</summary>
    public static ValuationOptions Default { get; } = new();

    /// <summary>IRB capital settings (confidence, regime, floors, scaling).</summary>
    public IrbOptions Irb { get; init; } = IrbOptions.Default;

    /// <summary>Hurdle, tax and capital rate.</summary>
    public ProfitabilityParameters Profitability { get; init; } = ProfitabilityParameters.Default;

    /// <summary>The funding curves from which a loan without a transfer price gets one by matched maturity; null (default):
    /// every loan must give its transfer price.</summary>
    public Pricing.FundingOptions? Funding { get; init; }

    /// <summary>Hurdle rates that replace <see cref="ProfitabilityParameters.Hurdle"/> for the named segments; empty by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hurdle is outside [-1, 10].</exception>
    public IReadOnlyDictionary<string, double> HurdleBySegment
    {
        get => _hurdleBySegment;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var (segment, hurdle) in value)
            {
                if (!(hurdle >= -1.0 && hurdle <= 10.0))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(HurdleBySegment), hurdle, $"[-1, 10] (segment '{segment}')");
                }
            }

            _hurdleBySegment = new Dictionary<string, double>(value, StringComparer.Ordinal);
        }
    }

    /// <summary>The hurdle rate that applies to a segment.</summary>
    /// <param name="segment">The segment.</param>
    /// <returns>The segment's hurdle, or the general one.</returns>
    public double HurdleFor(string segment) =>
        _hurdleBySegment.TryGetValue(segment, out double h) ? h : Profitability.Hurdle;
}
