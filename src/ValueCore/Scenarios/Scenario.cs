using System.Globalization;
using ValueCore.Capital;
using ValueCore.Internal;
using ValueCore.Numerics;
using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>A named "what if": shocks to loan fields applied in order, changed valuation parameters, an optional probability weight
/// and an optional migration shock. Immutable; build one with <see cref="Named"/> or read one with <c>ValueCore.IO.ScenarioFile</c>.</summary>
/// <remarks>
/// <para>Shocks apply in their order; each changes the loans its filter selects, and a later shock sees the result of the earlier
/// ones. PD results are bounded to [1e-9, 1] and LGD results to [0, 1], and the bounded loans are counted
/// (<see cref="ShockReport.LoansBounded"/>). Defaulted loans (PD = 1) keep PD = 1 under every PD shock.</para>
/// <para>Conditioning on a systematic factor value Z (Vasicek 2002, "The distribution of loan portfolio value", Risk 15(12)):
/// PD(Z) = N((G(PD) − √R · Z) / √(1 − R)), with R the loan's IRB correlation at its (floored) PD unless the shock gives one;
/// Z &lt; 0 is a downturn; Z = −G(0.999) gives the conditional PD of the IRB formula.</para>
/// </remarks>
public sealed class Scenario
{
    /// <summary>The smallest PD a shock can produce (results below are bounded to it).</summary>
    public const double MinimumPd = 1e-9;

    private readonly Shock[] _shocks;

    internal Scenario(string name, double? weight, IEnumerable<Shock> shocks, ScenarioParameters parameters, MigrationShock? migration)
    {
        CheckName(name);
        if (weight is double w && !(w >= 0 && w <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(weight), w, "[0, 1]");
        }

        Name = name;
        Weight = weight;
        _shocks = [.. shocks];
        Parameters = parameters;
        Migration = migration;
    }

    /// <summary>The baseline: no shock, no parameter change.</summary>
    public static Scenario Baseline { get; } = new("baseline", null, [], ScenarioParameters.None, null);

    /// <summary>Starts building a scenario.</summary>
    /// <param name="name">The name: letters, digits, '_', '-', '.', starting with a letter or digit (it names the output folder).</param>
    /// <returns>A builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static ScenarioBuilder Named(string name)
    {
        CheckName(name);
        return new ScenarioBuilder(name);
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The probability weight in [0, 1]; null when not given.</summary>
    public double? Weight { get; }

    /// <summary>The shocks, in application order.</summary>
    public IReadOnlyList<Shock> Shocks => _shocks;

    /// <summary>The parameters changed.</summary>
    public ScenarioParameters Parameters { get; }

    /// <summary>The migration shock for the provisions measure; null when none.</summary>
    public MigrationShock? Migration { get; }

    /// <summary>Whether a name can name a scenario: letters, digits, '_', '-', '.', starting with a letter or digit, at most 100 characters,
    /// not ending in .csv or .json (the name is an output folder next to the run's files).</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidName(string? name) => !string.IsNullOrEmpty(name) && name.Length <= 100 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
        && !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Applies the scenario to a book.</summary>
    /// <param name="book">The book.</param>
    /// <param name="options">The baseline valuation options; null for <see cref="ValuationOptions.Default"/>.</param>
    /// <returns>The stressed book and options, and a report per shock.</returns>
    /// <exception cref="ArgumentException">A filter names a column the book does not have, or a credit-conversion shock meets a book without drawn and undrawn amounts.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    /// <exception cref="DataValidationException">A shocked rate, FTP rate, EAD, fee or cost breaks the loan-book rules (loans listed by 1-based position).</exception>
    public StressedBook Apply(LoanBook book, ValuationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        options ??= ValuationOptions.Default;
        var stressedOptions = ApplyParameters(options);
        int n = book.Count;
        double[]? ead = null, pd = null, lgd = null, rate = null, ftp = null, fees = null, opex = null;
        var reports = new ShockReport[_shocks.Length];
        for (int s = 0; s < _shocks.Length; s++)
        {
            var shock = _shocks[s];
            var mask = shock.Where.Mask(book);
            double[] column = shock.Target switch
            {
                ShockTarget.Pd => pd ??= book.Pd.ToArray(),
                ShockTarget.Lgd => lgd ??= book.Lgd.ToArray(),
                ShockTarget.Ead => ead ??= book.Ead.ToArray(),
                ShockTarget.Rate => rate ??= book.Rate.ToArray(),
                ShockTarget.FtpRate => ftp ??= book.FtpRate.ToArray(),
                ShockTarget.Fees => fees ??= book.Fees.ToArray(),
                _ => opex ??= book.Opex.ToArray(),
            };
            int selected = 0, bounded = 0;
            if (shock.Target == ShockTarget.Pd && shock.Operation == ShockOperation.ConditionOnZ)
            {
                ConditionOnZ(book, stressedOptions.Irb, shock, mask, column, ref selected, ref bounded);
            }
            else
            {
                if (shock.Operation == ShockOperation.CreditConversion && !book.HasDrawnAndUndrawn)
                {
                    ThrowHelper.Argument(nameof(book), $"Scenario '{Name}': the shock '{shock}' needs the book's drawn and undrawn amounts (EAD = drawn + ccf x undrawn); the book has none (LoanBook.WithDrawnAndUndrawn, or drawn and undrawn columns in the file).");
                }

                var drawn = book.Drawn;
                var undrawn = book.Undrawn;
                (double lo, double hi) = shock.Target switch
                {
                    ShockTarget.Pd => (MinimumPd, 1.0),
                    ShockTarget.Lgd => (0.0, 1.0),
                    _ => (double.NegativeInfinity, double.PositiveInfinity),
                };
                for (int i = 0; i < n; i++)
                {
                    if (mask is not null && !mask[i])
                    {
                        continue;
                    }

                    selected++;
                    double x = column[i];
                    if (shock.Target == ShockTarget.Pd && x >= 1.0)
                    {
                        continue; // defaulted stays defaulted
                    }

                    double y = shock.Operation switch
                    {
                        ShockOperation.Multiply => x * shock.Value,
                        ShockOperation.Add => x + shock.Value,
                        ShockOperation.CreditConversion => drawn[i] + (shock.Value * undrawn[i]),
                        _ => shock.Value,
                    };
                    if (y < lo || y > hi)
                    {
                        y = y < lo ? lo : hi;
                        bounded++;
                    }

                    column[i] = y;
                }
            }

            reports[s] = new ShockReport(shock, selected, bounded);
        }

        Validate(rate, ftp, ead, fees, opex);
        var stressed = ead is null && pd is null && lgd is null && rate is null && ftp is null && fees is null && opex is null
            ? book
            : book.WithValues(ead, pd, lgd, rate, ftp, fees, opex);
        return new StressedBook(this, stressed, stressedOptions, reports) { Original = book };
    }

    /// <summary>The scenario's LGD shocks applied to another LGD of the same loans (the ECL's point-in-time LGD): the same
    /// operations in the same order, each on the loans its filter selects in the unstressed book, the result kept in [0, 1] as for
    /// the book's LGD. NaN (no such LGD for a loan) stays NaN.</summary>
    internal double[] ShockLgd(LoanBook book, ReadOnlySpan<double> values)
    {
        var result = values.ToArray();
        foreach (var shock in _shocks)
        {
            if (shock.Target != ShockTarget.Lgd)
            {
                continue;
            }

            var mask = shock.Where.Mask(book);
            for (int i = 0; i < result.Length; i++)
            {
                double x = result[i];
                if ((mask is not null && !mask[i]) || double.IsNaN(x))
                {
                    continue;
                }

                double y = shock.Operation switch
                {
                    ShockOperation.Multiply => x * shock.Value,
                    ShockOperation.Add => x + shock.Value,
                    _ => shock.Value,
                };
                result[i] = Math.Min(1.0, Math.Max(0.0, y));
            }
        }

        return result;
    }

    /// <summary>The Vasicek PD conditional on the systematic factor: N((G(PD) − √R · Z) / √(1 − R)).</summary>
    /// <param name="pd">The unconditional PD, in (0, 1).</param>
    /// <param name="correlation">The asset correlation R, in (0, 1).</param>
    /// <param name="z">The systematic factor value (Z &lt; 0 a downturn); finite.</param>
    /// <returns>The conditional PD, in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <remarks>Vasicek (2002), Risk 15(12), eq. (2); with Z = −G(q) it is the conditional PD of the Basel IRB formula (Basel II para 272).</remarks>
    public static double ConditionalPd(double pd, double correlation, double z)
    {
        if (!(pd > 0 && pd < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd, "(0, 1)");
        }

        if (!(correlation > 0 && correlation < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(correlation), correlation, "(0, 1)");
        }

        if (!double.IsFinite(z))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(z), z, "(-inf, inf)");
        }

        return ConditionalPdUnchecked(pd, correlation, z);
    }

    internal static double ConditionalPdUnchecked(double pd, double correlation, double z) =>
        NormalDistribution.CdfUnchecked((NormalDistribution.InverseCdfUnchecked(pd) - (Math.Sqrt(correlation) * z)) / Math.Sqrt(1.0 - correlation));

    /// <summary>The scenario's name and shocks as text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}{(Weight is double w ? $" (weight {w:R})" : "")}: {(_shocks.Length == 0 ? "no shock" : string.Join("; ", _shocks.Select(s => s.ToString())))}{MigrationText()}");

    private string MigrationText() => Migration switch
    {
        null => "",
        { Matrix: string m } => "; migration matrix " + m,
        var z => "; migration z_shift [" + string.Join(", ", z.ZShiftByYear.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]",
    };

    private static void ConditionOnZ(LoanBook book, IrbOptions irb, Shock shock, bool[]? mask, double[] pd, ref int selected, ref int bounded)
    {
        var assetClass = book.AssetClass;
        var sales = book.SalesEurMillions;
        for (int i = 0; i < pd.Length; i++)
        {
            if (mask is not null && !mask[i])
            {
                continue;
            }

            selected++;
            double p = pd[i];
            if (p >= 1.0)
            {
                continue;
            }

            double r = shock.Correlation ?? IrbFormula.CorrelationUnchecked(assetClass[i], Math.Max(p, irb.ValuationFloorFor(assetClass[i])), sales[i]);
            double y = ConditionalPdUnchecked(p, r, shock.Value);
            if (!(y >= MinimumPd && y <= 1.0))
            {
                y = y > 1.0 ? 1.0 : MinimumPd;
                bounded++;
            }

            pd[i] = y;
        }
    }

    private ValuationOptions ApplyParameters(ValuationOptions options)
    {
        var p = Parameters;
        if (p.IsEmpty)
        {
            return options;
        }

        var fin = options.Profitability;
        fin = fin with
        {
            Hurdle = p.Hurdle ?? fin.Hurdle,
            TaxRate = p.TaxRate ?? fin.TaxRate,
            CapitalRate = p.CapitalRate ?? fin.CapitalRate,
        };
        return options with { Profitability = fin, Irb = options.Irb with { Confidence = p.Confidence ?? options.Irb.Confidence } };
    }

    private void Validate(double[]? rate, double[]? ftp, double[]? ead, double[]? fees, double[]? opex)
    {
        var issues = new DataIssueCollector("scenario " + Name);

        void Check(double[]? column, string name, Func<double, string?> rule)
        {
            if (column is null)
            {
                return;
            }

            for (int i = 0; i < column.Length; i++)
            {
                if (rule(column[i]) is string broken)
                {
                    issues.Add(i + 1, name, column[i].ToString("R", CultureInfo.InvariantCulture), broken + " after the shocks of scenario " + Name);
                }
            }
        }

        Check(rate, LoanColumns.Rate, LoanRules.Rate);
        Check(ftp, LoanColumns.FtpRate, LoanRules.Rate);
        Check(ead, LoanColumns.Ead, LoanRules.Ead);
        Check(fees, LoanColumns.Fees, LoanRules.Amount);
        Check(opex, LoanColumns.Opex, LoanRules.Amount);
        issues.ThrowIfAny();
    }

    private static void CheckName(string name)
    {
        if (!IsValidName(name))
        {
            ThrowHelper.Argument(nameof(name), $"Scenario name '{name}' is not valid: use letters, digits, '_', '-', '.', starting with a letter or digit, not ending in .csv or .json (it names the output folder).");
        }
    }
}
