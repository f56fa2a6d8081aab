using ValueCore.Capital;
using ValueCore.Schedules;

namespace ValueCore.Portfolio;

/// <summary>One loan, for building a <see cref="LoanBook"/> in code (batch paths never hold one object per loan).</summary>
public sealed record Loan
{
    /// <summary>Unique, non-empty identifier.</summary>
    public required string LoanId { get; init; }

    /// <summary>Business segment.</summary>
    public required string Segment { get; init; }

    /// <summary>Basel asset class.</summary>
    public required AssetClass AssetClass { get; init; }

    /// <summary>Exposure at default, &gt;= 0, in currency; capital and EL are on it.</summary>
    public required double Ead { get; init; }

    /// <summary>Drawn balance, in [0, <see cref="Ead"/>], in currency: interest and funding accrue on it; null (default) means equal to <see cref="Ead"/>.</summary>
    public double? Drawn { get; init; }

    /// <summary>Undrawn commitment, &gt;= 0, in currency (earns <see cref="CommitmentFee"/>, bears <see cref="UndrawnFtpRate"/>); default 0.</summary>
    public double Undrawn { get; init; }

    /// <summary>Commitment fee, an annual rate on <see cref="Undrawn"/>, a fraction in (-1, 10); default 0.</summary>
    public double CommitmentFee { get; init; }

    /// <summary>Liquidity charge on <see cref="Undrawn"/>, an annual rate, a fraction in (-1, 10); default 0.</summary>
    public double UndrawnFtpRate { get; init; }

    /// <summary>One-year PD in (0, 1]; 1 is a defaulted loan.</summary>
    public required double Pd { get; init; }

    /// <summary>Loss given default in [0, 1].</summary>
    public required double Lgd { get; init; }

    /// <summary>Client annual rate, a fraction.</summary>
    public required double Rate { get; init; }

    /// <summary>Funds transfer price, annual, a fraction in (-1, 10); null (default) when not given: the valuation then
    /// derives it by matched maturity from <see cref="ValuationOptions.Funding"/> over <see cref="TermYears"/>,
    /// <see cref="Amortisation"/> and <see cref="RepricingYears"/>.</summary>
    public double? FtpRate { get; init; }

    /// <summary>IRB effective maturity M in years, in (0, 100]; required for corporate, sovereign, bank and SME unless
    /// <see cref="TermYears"/> is given (then M = term, Basel II para 320); null (default) when not given.</summary>
    public double? MaturityYears { get; init; }

    /// <summary>Remaining contractual term in years, in (0, 100], the matched-maturity FTP term; null (default) means equal to <see cref="MaturityYears"/>.</summary>
    public double? TermYears { get; init; }

    /// <summary>How the principal is repaid, which the matched-maturity transfer price follows; default <see cref="Amortisation.Bullet"/>.</summary>
    public Amortisation Amortisation { get; init; }

    /// <summary>Principal payments a year of the loan's repayment schedule (1, 2, 3, 4, 6 or 12), which the lifetime valuation's
    /// balance path follows; null (default): the run's setting (<see cref="Pricing.LifetimeOptions.PaymentsPerYear"/>).</summary>
    public int? PaymentsPerYear { get; init; }

    /// <summary>Years to the next rate reset of a floating-rate loan, in (0, 100], to which the transfer price's interest-rate
    /// part is matched; null (default) for a fixed-rate loan.</summary>
    public double? RepricingYears { get; init; }

    /// <summary>Annual sales in EUR millions, &gt;= 0 (the SME firm-size adjustment applies below 50); null (default) when not reported.</summary>
    public double? SalesEurMillions { get; init; }

    /// <summary>Annual fee income, in currency; default 0.</summary>
    public double Fees { get; init; }

    /// <summary>Annual operating cost, in currency; default 0.</summary>
    public double Opex { get; init; }

    /// <summary>Best-estimate expected loss rate for a defaulted loan, in [0, 1]; null (default) means equal to LGD.</summary>
    public double? Beel { get; init; }

    /// <summary>Customer (obligor) identifier; empty when the loan is its own obligor.</summary>
    public string CustomerId { get; init; } = "";

    /// <summary>Product; may be empty.</summary>
    public string Product { get; init; } = "";

    /// <summary>Classification (pass, special_mention, ... or a rating grade); may be empty.</summary>
    public string Classification { get; init; } = "";
}
