using ValueCore.Capital;

namespace ValueCore.Portfolio;

/// <summary>The validation rules of loan-book fields, shared by the CSV reader and <see cref="LoanBookBuilder"/>; each returns null when the value is valid, else the rule broken.</summary>
internal static class LoanRules
{
    public const string NotFinite = "is not a finite number";

    public static string? Ead(double v) => v >= 0.0 && double.IsFinite(v) ? null : "must be >= 0";

    public static string? Pd(double v) => v > 0.0 && v <= 1.0 ? null : "is outside (0, 1]";

    public static string? UnitInterval(double v) => v >= 0.0 && v <= 1.0 ? null : "is outside [0, 1]";

    public static string? Rate(double v) => v > -1.0 && v < 10.0 ? null : "is outside (-1, 10) (annual rate as a fraction)";

    public static string? Maturity(double v) => v > 0.0 && v <= 100.0 ? null : "is outside (0, 100] years";

    public static string? Sales(double v) => v >= 0.0 && double.IsFinite(v) ? null : "must be >= 0 (EUR millions)";

    public static string? Amount(double v) => double.IsFinite(v) ? null : NotFinite;

    public static string? NonNegativeAmount(double v) => v >= 0.0 && double.IsFinite(v) ? null : "must be >= 0";

    public static bool NeedsMaturity(AssetClass assetClass) => IrbFormula.HasMaturityAdjustment(assetClass);
}
