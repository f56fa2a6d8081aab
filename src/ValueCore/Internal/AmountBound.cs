using System.Runtime.CompilerServices;

namespace ValueCore.Internal;

/// <summary>
/// The amount bound (docs/conventions.md, "Value bounds"): every amount read from a file (EAD, balances, fees, opex,
/// cash flows, P&amp;L, capital, business indicator items, losses, ...) satisfies |x| &lt;= 1e15 currency units, far
/// above any bank's balance sheet. A sum of up to 2^50 such amounts stays below 1.2e30, so totals cannot overflow and
/// are never blank, NaN or infinite.
/// </summary>
internal static class AmountBound
{
    /// <summary>The largest absolute amount accepted, in currency units.</summary>
    public const double Max = 1e15;

    /// <summary>The rule broken by a signed amount beyond the bound.</summary>
    public const string Rule = "is outside [-1e15, 1e15] (amount bound, docs/conventions.md)";

    /// <summary>The rule broken by a non-negative amount beyond the bound.</summary>
    public const string NonNegativeRule = "is outside [0, 1e15] (amount bound, docs/conventions.md)";

    /// <summary>Whether a signed amount is within the bound (false for NaN and infinities): one compare.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Holds(double value) => Math.Abs(value) <= Max;

    /// <summary>Null when a signed amount is within the bound, else the rule broken.</summary>
    public static string? Check(double value) => Holds(value) ? null : Rule;

    /// <summary>Null when a non-negative amount is within [0, <see cref="Max"/>], else the rule broken.</summary>
    public static string? CheckNonNegative(double value) => value >= 0.0 && value <= Max ? null : NonNegativeRule;
}
