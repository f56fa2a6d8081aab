using ValueCore.Internal;

namespace ValueCore.Provisions;

/// <summary>The validation rules of the provisioning columns (docs/provisions.md), shared by the book reader of the batch
/// and <see cref="EclBook.Create"/>; each check returns null when the value is valid, else the rule broken.</summary>
internal static class ProvisionRules
{
    /// <summary>The longest remaining term accepted, in years.</summary>
    public const int MaxRemainingYears = 100;

    /// <summary>Days per year when the remaining term comes from a maturity date.</summary>
    public const double DaysPerYear = 365.25;

    public static readonly string EirRule = InRange(-1, 10, lowOpen: true);
    public static readonly string DaysPastDueRule = InRange(0, 1e6, lowOpen: false);
    public static readonly string FractionRule = InRange(0, 1, lowOpen: false);
    public static readonly string ImpairmentRule = InRange(0, AmountBound.Max, lowOpen: false);
    public const string RemainingRule = "must be a number of years in (0, 100]";
    public const string StageRule = "must be 1, 2, 3 or empty";
    public const string ProfileRule = "must be bullet, linear or annuity";

    private static string InRange(double min, double max, bool lowOpen) => FormattableString.Invariant($"must be a number in {(lowOpen ? "(" : "[")}{min:R}, {max:R}]");

    public static string? Eir(double v) => v > -1 && v <= 10 ? null : EirRule;

    public static string? RemainingYears(double v) => v > 0 && v <= MaxRemainingYears ? null : RemainingRule;

    public static string? DaysPastDue(double v) => v >= 0 && v <= 1e6 ? null : DaysPastDueRule;

    /// <summary>pd_origination and ecl_lgd: fractions in [0, 1].</summary>
    public static string? Fraction(double v) => v >= 0 && v <= 1 ? null : FractionRule;

    /// <summary>An amount beyond the amount bound names the bound (docs/conventions.md, "Value bounds").</summary>
    public static string? Impairment(double v) => v >= 0 && v <= AmountBound.Max ? null : v > AmountBound.Max ? AmountBound.NonNegativeRule : ImpairmentRule;

    public static string? Stage(int v) => v is >= 1 and <= 3 ? null : StageRule;

    /// <summary>The amortisation profile of its text (bullet, linear, annuity).</summary>
    public static bool TryProfile(ReadOnlySpan<byte> text, out EadProfile profile)
    {
        if (text.SequenceEqual("bullet"u8))
        {
            profile = EadProfile.Bullet;
            return true;
        }

        if (text.SequenceEqual("linear"u8))
        {
            profile = EadProfile.Linear;
            return true;
        }

        profile = text.SequenceEqual("annuity"u8) ? EadProfile.Annuity : EadProfile.Bullet;
        return profile == EadProfile.Annuity;
    }

    /// <summary>The rule broken by a remaining term beyond the horizon of a segment's PD curves.</summary>
    public static string BeyondHorizon(double horizonYears, string segment) =>
        FormattableString.Invariant($"is beyond the {horizonYears:R}-year horizon of the PD curves of segment '{segment}'");

    public const string NoModelRule = "has no migration model (no matrix for the segment and no fallback)";

    public static string NotAState(string segment, string states) => $"is not a state of the matrix for segment '{segment}' ({states})";
}
