using ValueCore.Pricing;

namespace ValueCore.IO;

/// <summary>Reads a funding or liquidity-premium curve CSV: header <c>tenor_years,rate</c>, one point a line, tenors strictly increasing.</summary>
/// <remarks>Rates are annual fractions in (-1, 10); tenors are years &gt;= 0. A tenor that repeats or is below the one on
/// the line before is an error naming both lines; every problem is reported in one pass. See docs/performance-and-pricing.md.</remarks>
public static class FundingCurveCsv
{
    /// <summary>The tenor column.</summary>
    public const string TenorColumn = "tenor_years";

    /// <summary>The rate column.</summary>
    public const string RateColumn = "rate";

    /// <summary>Reads a curve.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="DataValidationException">The file is empty, lacks a column, has no point, or a value or the tenor order breaks a rule (all listed).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static FundingCurve Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = CsvTableReader.Open(path);
        int tenorField = reader.Require(TenorColumn);
        int rateField = reader.Require(RateColumn);
        var log = reader.Log;
        log.ThrowIfAny();
        var tenors = new List<double>();
        var rates = new List<double>();
        long previousLine = 0;
        double previous = double.NaN;
        while (reader.Next())
        {
            bool ok = true;
            double t = reader.Number(tenorField, true, double.NaN, v => v >= 0.0 ? null : "must be >= 0 years", ref ok);
            double r = reader.Number(rateField, true, double.NaN, v => v > -1.0 && v < 10.0 ? null : "is outside (-1, 10) (annual rate as a fraction)", ref ok);
            if (!double.IsNaN(t) && t >= 0.0)
            {
                if (!double.IsNaN(previous) && t == previous)
                {
                    log.Add(reader.Line, TenorColumn, CsvTableReader.Format(t), $"repeats the tenor of line {previousLine} (tenors must be unique)");
                    ok = false;
                }
                else if (!double.IsNaN(previous) && t < previous)
                {
                    log.Add(reader.Line, TenorColumn, CsvTableReader.Format(t), $"is below the tenor {CsvTableReader.Format(previous)} of line {previousLine} (tenors must be sorted ascending)");
                    ok = false;
                }

                if (double.IsNaN(previous) || t > previous)
                {
                    previous = t;
                    previousLine = reader.Line;
                }
            }

            if (ok)
            {
                tenors.Add(t);
                rates.Add(r);
            }
        }

        if (log.Count == 0 && tenors.Count == 0)
        {
            log.Add(0, "", "", "the curve has no points");
        }

        log.ThrowIfAny();
        return FundingCurve.Create(tenors.ToArray(), rates.ToArray());
    }
}
