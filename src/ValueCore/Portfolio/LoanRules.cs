using ValueCore.Capital;
using ValueCore.Internal;

namespace ValueCore.Portfolio;

/// <summary>The validation rules of loan-book fields, shared by the CSV reader and <see cref="LoanBookBuilder"/>; each returns null when the value is valid, else the rule broken.</summary>
internal static class LoanRules
{
    public const string NotFinite = "is not a finite number";

    // Amounts: one compare pair on the valid path (NaN fails both); a negative value keeps the sign rule, a value
    // beyond the amount bound (docs/conventions.md, "Value bounds") names the bound.
    public static string? Ead(double v) => v >= 0.0 && v <= AmountBound.Max ? null : v >= 0.0 ? AmountBound.NonNegativeRule : "must be >= 0";

    public static string? Pd(double v) => v > 0.0 && v <= 1.0 ? null : "is outside (0, 1]";

    public static string? UnitInterval(double v) => v >= 0.0 && v <= 1.0 ? null : "is outside [0, 1]";

    public static string? Rate(double v) => v > -1.0 && v < 10.0 ? null : "is outside (-1, 10) (annual rate as a fraction)";

    public static string? Maturity(double v) => v > 0.0 && v <= 100.0 ? null : "is outside (0, 100] years";

    public static string? Sales(double v) => v >= 0.0 && v <= AmountBound.Max ? null : v >= 0.0 ? AmountBound.NonNegativeRule : "must be >= 0 (EUR millions)";

    public static string? Amount(double v) => AmountBound.Holds(v) ? null : double.IsFinite(v) ? AmountBound.Rule : NotFinite;

    public static string? NonNegativeAmount(double v) => v >= 0.0 && v <= AmountBound.Max ? null : v >= 0.0 ? AmountBound.NonNegativeRule : "must be >= 0";

    /// <summary>EAD is no less than the drawn balance: Basel II para 474 (own EAD estimates of on-balance-sheet items are
    /// no less than the current drawn amount; on-balance-sheet netting, the one exception, is not modelled).</summary>
    public static string? DrawnWithinEad(double drawn, double ead) => drawn <= ead
        ? null
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"exceeds ead = {ead:R}: EAD is no less than the drawn balance (Basel II para 474)");

    /// <summary>The annual net income on an undrawn commitment: undrawn x (commitment fee - undrawn FTP rate), in currency.</summary>
    public static double UndrawnIncome(double undrawn, double commitmentFee, double undrawnFtpRate) => undrawn * (commitmentFee - undrawnFtpRate);

    /// <summary>Payments a year of a repayment schedule: a positive whole number dividing 12 (annual, semi-annual, quarterly,
    /// every four months, every two months, monthly), so that every payment date falls on a month's boundary.</summary>
    public static string? PaymentsPerYear(double v) => v is 1 or 2 or 3 or 4 or 6 or 12 ? null : "is not a positive whole number dividing 12 (1, 2, 3, 4, 6 or 12 payments a year)";

    public static bool NeedsMaturity(AssetClass assetClass) => IrbFormula.HasMaturityAdjustment(assetClass);
}
