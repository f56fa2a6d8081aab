using System.Globalization;
using System.Text.Json;
using ValueCore.Capital.MonteCarlo;

namespace ValueCore.IO.MonteCarlo;

/// <summary>
/// Writes a <see cref="PortfolioCapitalResult"/> as the files of <c>valuecore capital</c>: <c>summary.json</c>,
/// <c>contributions.csv</c> (one row per loan), <c>loss_distribution.csv</c> (quantiles and histogram) and the group table
/// <c>by_&lt;columns&gt;.csv</c>. Columns and units: docs/montecarlo.md, "Outputs".
/// </summary>
/// <remarks>
/// Numbers are written by <see cref="CsvText.Number"/> (shortest round-trip, InvariantCulture); a figure that is not
/// defined (RAROC on capital &lt;= 0) is an empty cell in CSV and <c>null</c> in JSON, never NaN.
/// </remarks>
public static class PortfolioCapitalCsv
{
    /// <summary>The name of the group table's file for grouping columns: <c>by_</c> and the columns joined by <c>_</c>, then <c>.csv</c>.</summary>
    /// <param name="groupBy">The grouping columns.</param>
    /// <returns>The file name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groupBy"/> is null.</exception>
    public static string GroupFileName(IReadOnlyList<string> groupBy)
    {
        ArgumentNullException.ThrowIfNull(groupBy);
        return "by_" + string.Join('_', groupBy) + ".csv";
    }

    /// <summary>The text of an allocation method in files and on the command line: <c>es</c>, <c>var</c> or <c>sd</c>.</summary>
    /// <param name="allocation">The method.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The method is not defined.</exception>
    public static string AllocationText(CapitalAllocation allocation) => allocation switch
    {
        CapitalAllocation.ExpectedShortfall => "es",
        CapitalAllocation.ValueAtRisk => "var",
        CapitalAllocation.StandardDeviation => "sd",
        _ => throw new ArgumentOutOfRangeException(nameof(allocation), allocation, "Not a defined allocation method."),
    };

    /// <summary>Writes <c>summary.json</c>: portfolio EL, VaR, ES, EC with standard errors, the settings, quantiles and the diversified totals.</summary>
    /// <param name="stream">The destination (UTF-8 JSON, indented, LF-terminated).</param>
    /// <param name="result">The result.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteSummary(Stream stream, PortfolioCapitalResult result)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(result);
        var r = result.MonteCarlo;
        var c = result.Profitability;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        void Num(string name, double? v)
        {
            json.WritePropertyName(name);
            if (v is double d && double.IsFinite(d))
            {
                json.WriteRawValue(CsvText.Number(d), skipInputValidation: true);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteStartObject();
        Num("el", r.El);
        Num("el_se", 0.0);
        Num("el_simulated", r.ElSimulated);
        Num("el_simulated_se", r.ElSimulatedSe);
        Num("var", r.Var);
        Num("var_se", r.VarSe);
        Num("es", r.Es);
        Num("es_se", r.EsSe);
        Num("ec", r.Ec);
        Num("ec_se", r.EcSe);
        Num("es_ec", r.EsEc);
        Num("es_ec_se", r.EsEcSe);
        Num("sd", r.StandardDeviation);
        Num("confidence", r.Confidence);
        json.WriteNumber("scenarios", r.Scenarios);
        json.WriteNumber("seed", r.Options.Seed);
        json.WriteString("copula", CopulaText(r.Options.Copula));
        if (r.Options.Copula == CopulaKind.StudentT)
        {
            Num("df", r.Options.DegreesOfFreedom);
        }

        json.WriteNumber("factors", r.Options.Factors?.FactorCount ?? 1);
        json.WriteBoolean("importance_sampling", r.Options.ImportanceSampling);
        json.WriteStartArray("factor_shift");
        foreach (double v in r.FactorShift)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
        json.WriteNumber("loans", r.Exposures.Count);
        json.WriteNumber("obligors", r.Obligors);
        json.WriteNumber("tail_scenarios", r.TailScenarios);
        json.WriteNumber("var_window_scenarios", r.WindowScenarios);
        json.WriteStartObject("quantiles");
        foreach (var q in r.Quantiles)
        {
            Num(CsvText.Number(q.Level), q.Loss);
        }

        json.WriteEndObject();
        json.WriteStartObject("quantiles_se");
        foreach (var q in r.Quantiles)
        {
            Num(CsvText.Number(q.Level), q.StandardError);
        }

        json.WriteEndObject();
        json.WriteString("allocation", AllocationText(result.Options.Allocation));
        Num("standalone_irb_ec", c.StandaloneEcTotal);
        Num("diversified_ec", c.DiversifiedEcTotal);
        Num("diversification_benefit", c.DiversificationBenefitTotal);
        Num("standalone_raroc", c.StandaloneRarocTotal);
        Num("diversified_raroc", c.DiversifiedRarocTotal);
        Num("standalone_eva", c.StandaloneEvaTotal);
        Num("diversified_eva", c.DiversifiedEvaTotal);
        if (result.Granularity is Capital.GranularityResult ga)
        {
            // The granularity adjustment of the standalone IRB (ASRF) capital, and the concentration indices (docs/montecarlo.md).
            Num("asrf_ec", ga.AsrfCapital);
            Num("granularity_adjustment", ga.Adjustment);
            Num("asrf_ec_plus_ga", ga.AdjustedCapital);
            Num("granularity_delta", ga.Delta);
            json.WriteNumber("granularity_obligors", ga.Obligors);
            json.WriteNumber("granularity_defaulted_obligors", ga.DefaultedObligors);
            var h = result.Herfindahl.GetValueOrDefault();
            json.WriteStartObject("herfindahl");
            Num("obligor", h.Obligor);
            Num("segment", h.Segment);
            Num("sector", h.Sector);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes <c>contributions.csv</c>: per loan, EAD, EL, the Euler contributions with standard errors, standalone and allocated EC, RAROC and EVA.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="result">The result.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteContributions(TextWriter writer, PortfolioCapitalResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var book = result.Valuation.Book;
        var r = result.MonteCarlo;
        var c = result.Profitability;
        var el = result.Valuation.El;
        CsvText.WriteLine(writer, "loan_id", "customer_id", "segment", "ead", "el", "el_simulated", "es_contribution", "es_contribution_se",
            "var_contribution", "var_contribution_se", "sd_contribution", "sd_contribution_se", "standalone_ec", "diversified_ec",
            "diversification_benefit", "standalone_raroc", "diversified_raroc", "standalone_eva", "diversified_eva");
        for (int i = 0; i < book.Count; i++)
        {
            CsvText.WriteLine(writer, CsvText.Field(book.LoanId[i]), CsvText.Field(book.CustomerId[i]), CsvText.Field(book.Segment[i]),
                CsvText.Number(book.Ead[i]), CsvText.Number(el[i]), CsvText.Number(r.ElSimulatedContribution[i]), CsvText.Number(r.EsContribution[i]),
                CsvText.Number(r.EsContributionSe[i]), CsvText.Number(r.VarContribution[i]), CsvText.Number(r.VarContributionSe[i]),
                CsvText.Number(r.SdContribution[i]), CsvText.Number(r.SdContributionSe[i]), CsvText.Number(c.StandaloneEc[i]),
                CsvText.Number(c.DiversifiedEc[i]), CsvText.Number(c.DiversificationBenefit[i]),
                Number(c.StandaloneRaroc[i]), Number(c.DiversifiedRaroc[i]),
                CsvText.Number(c.StandaloneEva[i]), CsvText.Number(c.DiversifiedEva[i]));
        }
    }

    /// <summary>Writes <c>loss_distribution.csv</c>: the loss quantiles with standard errors, then the histogram bins.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="result">The simulation.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteLossDistribution(TextWriter writer, MonteCarloResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        CsvText.WriteLine(writer, "kind", "level", "loss", "standard_error", "bin_lower", "bin_upper", "probability");
        foreach (var q in result.Quantiles)
        {
            CsvText.WriteLine(writer, "quantile", CsvText.Number(q.Level), CsvText.Number(q.Loss), CsvText.Number(q.StandardError), "", "", "");
        }

        foreach (var b in result.Histogram)
        {
            CsvText.WriteLine(writer, "histogram", "", "", "", CsvText.Number(b.Lower), CsvText.Number(b.Upper), CsvText.Number(b.Probability));
        }
    }

    /// <summary>Writes the group table (<see cref="GroupFileName"/>): per group, its keys, loan count and summed figures with RAROC and EVA.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="groups">The groups.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteGroups(TextWriter writer, CapitalGroups groups)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(groups);
        CsvText.WriteLine(writer, [.. groups.KeyColumns, "loans", "ead", "el", "el_simulated", "es_contribution", "var_contribution", "sd_contribution",
            "standalone_ec", "diversified_ec", "diversification_benefit", "standalone_raroc", "diversified_raroc", "standalone_eva", "diversified_eva"]);
        for (int g = 0; g < groups.Count; g++)
        {
            CsvText.WriteLine(writer, [.. groups.Keys[g].Select(CsvText.Field), groups.Loans[g].ToString(CultureInfo.InvariantCulture),
                CsvText.Number(groups.Ead[g]), CsvText.Number(groups.El[g]), CsvText.Number(groups.ElSimulated[g]), CsvText.Number(groups.EsContribution[g]),
                CsvText.Number(groups.VarContribution[g]), CsvText.Number(groups.SdContribution[g]), CsvText.Number(groups.StandaloneEc[g]),
                CsvText.Number(groups.DiversifiedEc[g]), CsvText.Number(groups.DiversificationBenefit[g]), Number(groups.StandaloneRaroc[g]),
                Number(groups.DiversifiedRaroc[g]), CsvText.Number(groups.StandaloneEva[g]), CsvText.Number(groups.DiversifiedEva[g])]);
        }
    }

    /// <summary>The text of a copula in files and on the command line: <c>gaussian</c> or <c>t</c>.</summary>
    /// <param name="copula">The copula.</param>
    /// <returns>The text.</returns>
    public static string CopulaText(CopulaKind copula) => copula == CopulaKind.StudentT ? "t" : "gaussian";

    private static string Number(double? value) => value is double v ? CsvText.Number(v) : "";
}
