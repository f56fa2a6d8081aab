using ValueCore.Capital;

namespace ValueCore.Pricing;

/// <summary>A prospective (or existing) loan to price: everything but the client rate.</summary>
public sealed record PricingDeal
{
    /// <summary>Basel asset class.</summary>
    public required AssetClass AssetClass { get; init; }

    /// <summary>Exposure at default, &gt;= 0, in currency; capital and EL are on it.</summary>
    public required double Ead { get; init; }

    /// <summary>Drawn balance, in [0, <see cref="Ead"/>], in currency: the client rate and the FTP accrue on it; null (default) means equal to <see cref="Ead"/>.</summary>
    public double? Drawn { get; init; }

    /// <summary>Undrawn commitment, &gt;= 0, in currency; default 0.</summary>
    public double Undrawn { get; init; }

    /// <summary>Commitment fee, an annual rate on <see cref="Undrawn"/>, a fraction in (-1, 10); default 0.</summary>
    public double CommitmentFee { get; init; }

    /// <summary>Liquidity charge on <see cref="Undrawn"/>, an annual rate, a fraction in (-1, 10); default 0.</summary>
    public double UndrawnFtpRate { get; init; }

    /// <summary>One-year PD in (0, 1]; 1 is a defaulted loan.</summary>
    public required double Pd { get; init; }

    /// <summary>Loss given default in [0, 1].</summary>
    public required double Lgd { get; init; }

    /// <summary>Funds transfer price, annual, a fraction in (-1, 10).</summary>
    public required double FtpRate { get; init; }

    /// <summary>IRB effective maturity M in years, in (0, 100]; required for corporate, sovereign, bank and SME; NaN (default) when not given.</summary>
    public double MaturityYears { get; init; } = double.NaN;

    /// <summary>Annual sales in EUR millions, or <see cref="IrbFormula.NoSales"/> (default).</summary>
    public double SalesEurMillions { get; init; } = IrbFormula.NoSales;

    /// <summary>Annual fee income, in currency; default 0.</summary>
    public double Fees { get; init; }

    /// <summary>Annual operating cost, in currency; default 0.</summary>
    public double Opex { get; init; }

    /// <summary>Best-estimate expected loss rate of a defaulted loan, in [0, 1]; null (default) means equal to LGD.</summary>
    public double? Beel { get; init; }

    /// <summary>Allocated economic capital in currency, &gt;= 0 (e.g. from a portfolio model); null (default) uses the standalone IRB capital K x EAD.</summary>
    public double? AllocatedCapital { get; init; }

    /// <summary>Segment, for a segment hurdle (<see cref="Portfolio.ValuationOptions.HurdleBySegment"/>); default empty.</summary>
    public string Segment { get; init; } = "";
}
