using System.Globalization;

namespace ValueCore.Batch.Reports;

/// <summary>
/// Numbers as a report shows them to people: InvariantCulture grouping (1,234,567), amounts in whole units, rates and
/// ratios in percent with two decimals, counts whole. A value that is not defined (NaN, a JSON null) shows as "n/a".
/// </summary>
/// <remarks>The decimals here are the ones the report's totals table is checked against (docs/reports.md).</remarks>
internal static class ReportNumbers
{
    /// <summary>Decimals of an amount (whole units).</summary>
    public const int AmountDecimals = 0;

    /// <summary>Decimals of a percent (of the value times 100).</summary>
    public const int PercentDecimals = 2;

    /// <summary>Text of a value that is not defined.</summary>
    public const string NotDefined = "n/a";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>An amount in whole units with thousands separators, e.g. 1,885,284,509.</summary>
    public static string Amount(double value) => double.IsFinite(value) ? Clean(value.ToString("N0", s_inv)) : NotDefined;

    /// <summary>An amount with a unit: "1,885,284,509 EUR", or without one when <paramref name="currency"/> is null.</summary>
    public static string Amount(double value, string? currency) =>
        currency is null || !double.IsFinite(value) ? Amount(value) : Amount(value) + " " + currency;

    /// <summary>A fraction as a percent with two decimals: 0.16773 is "16.77%".</summary>
    public static string Percent(double fraction) => double.IsFinite(fraction) ? Clean((fraction * 100).ToString("N2", s_inv)) + "%" : NotDefined;

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double value) => double.IsFinite(value) ? Clean(value.ToString("N0", s_inv)) : NotDefined;

    /// <summary>A plain number with up to <paramref name="decimals"/> decimals and thousands separators (probabilities, years).</summary>
    public static string Plain(double value, int decimals) =>
        double.IsFinite(value) ? Clean(value.ToString("#,0." + new string('#', Math.Max(decimals, 1)), s_inv)) : NotDefined;

    /// <summary>A number for an SVG attribute: invariant, two decimals at most.</summary>
    public static string Svg(double value) => Math.Round(value, 2).ToString("0.##", s_inv);

    /// <summary>An axis tick of an amount: short with k/m/bn (e.g. "12.5m").</summary>
    public static string Short(double value)
    {
        double a = Math.Abs(value);
        return a >= 1e9 ? (value / 1e9).ToString("0.##", s_inv) + "bn"
            : a >= 1e6 ? (value / 1e6).ToString("0.##", s_inv) + "m"
            : a >= 1e4 ? (value / 1e3).ToString("0.##", s_inv) + "k"
            : value.ToString("0.####", s_inv);
    }

    // "-0" (a small negative rounded to zero) reads as zero.
    private static string Clean(string text) => text is "-0" or "-0.00" ? text[1..] : text;
}
