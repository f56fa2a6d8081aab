using System.Globalization;

namespace ValueCore.Cli;

/// <summary>
/// The one number formatter of the console summaries (docs/conventions.md, "One command-line vocabulary"): invariant
/// culture, thousands separators, amounts in whole units, rates as percent with two decimals; never an exponent
/// (1.17933E+10 is 11,793,300,000). Files keep the shortest round-trip form (CsvText.Number); this is for people.
/// </summary>
internal static class ConsoleNumbers
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>A count: 1,234,567.</summary>
    public static string Count(long value) => value.ToString("N0", s_inv);

    /// <summary>An amount in whole currency units: 11,793,300,000; "n/a" when not finite.</summary>
    public static string Amount(double value) => double.IsFinite(value) ? value.ToString("N0", s_inv) : "n/a";

    /// <summary>An amount in units with two decimals (single deals, prices): 1,234.57; "n/a" when not finite.</summary>
    public static string Amount2(double value) => double.IsFinite(value) ? value.ToString("N2", s_inv) : "n/a";

    /// <summary>A rate as percent with two decimals: 0.1234 is 12.34%; "n/a" when null or not finite.</summary>
    public static string Rate(double? value) => value is double v && double.IsFinite(v) ? v.ToString("P2", s_inv) : "n/a";

    /// <summary>A rate as percent with four decimals (prices, where basis points matter): 0.012345 is 1.2345%.</summary>
    public static string Rate4(double value) => double.IsFinite(value) ? value.ToString("P4", s_inv) : "n/a";

    /// <summary>A parameter as given (a confidence level, a correlation): the shortest round-trip text, never an exponent for values in [1e-6, 1e15).</summary>
    public static string Plain(double value) => value.ToString(Math.Abs(value) is >= 1e-6 and < 1e15 || value == 0 ? "0.##########" : "R", s_inv);
}
