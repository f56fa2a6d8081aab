using System.Globalization;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.IO.Risk;
using ValueCore.Risk.Aggregation;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore aggregate</c>: inter-risk aggregation of EC with correlations, Euler allocation to risk types and units.</summary>
internal static class AggregateCommand
{
    private const double RepairTolerance = 1e-12;
    private const int RepairMaxIterations = 100_000;

    public static CommandSpec Spec { get; } = new(
        "aggregate",
        "Aggregate EC over risk types with correlations; Euler contributions by risk type and unit; unit RAROC.",
        [
            new OptionSpec("capital", "FILE", "EC per unit and risk type: CSV unit,risk_type,ec (standalone or already allocated, >= 0), optionally measure,confidence,horizon_years", Required: true),
            new OptionSpec("correlation", "FILE", "square correlation matrix, first column risk_type (over risk types) or unit:risk_type (over cells)", Required: true),
            new OptionSpec("rescale-to", "MEASURE:Q:YEARS", "restate every capital row on one measure, e.g. es:0.999:1 (var or es, confidence, horizon in years), under a normal assumption; needs the measure,confidence,horizon_years columns"),
            new OptionSpec("repair", null, "replace an invalid matrix by the nearest correlation matrix (Higham 2002) and report how far it moved"),
            new OptionSpec("results", "FILE", "by-unit results with columns unit,return (after-tax risk-adjusted return, e.g. from valuecore raroc): writes raroc.csv"),
            new OptionSpec("hurdle", "RATE", "hurdle rate for EVA in raroc.csv (a fraction, e.g. 0.10); needs --results"),
            new OptionSpec("out", "DIR", "output folder: aggregate.json, contributions.csv, [raroc.csv], [correlation_repaired.csv], manifest.json", Required: true),
        ],
        Run,
        "EC = sqrt(e' C e) over the risk-type totals e (or over every unit-and-type cell with a cell matrix); Euler contribution\n" +
        "of type r: e_r (C e)_r / EC, shared among units by their EC in r. Contributions sum to EC. The matrix must be symmetric,\n" +
        "with unit diagonal, entries in [-1, 1] and smallest eigenvalue >= -1e-10; otherwise exit 3 unless --repair.\n" +
        "Rows may state their measure (columns measure,confidence,horizon_years); rows on different measures are rejected (exit 3)\n" +
        "unless --rescale-to restates them (normal loss, mean 0, square root of time). A file without them is taken to be on one measure.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string capitalPath = args.RequireFile("capital");
        string correlationPath = args.RequireFile("correlation");
        string? resultsPath = args.Has("results") ? args.RequireFile("results") : null;
        double? hurdle = args.GetDoubleOrNull("hurdle", -1.0, 10.0);
        if (hurdle is not null && resultsPath is null)
        {
            throw new UsageException("--hurdle needs --results");
        }

        bool repair = args.Has("repair");
        string outDir = args.Require("out");
        CapitalMeasure? target = null;
        if (args.Has("rescale-to"))
        {
            string text = args.Require("rescale-to");
            target = CapitalMeasure.TryParse(text, out var t) ? t
                : throw new UsageException($"--rescale-to = {text} must be MEASURE:CONFIDENCE:HORIZON_YEARS, e.g. es:0.999:1 (measure var or es, confidence in (0.5, 1), horizon in years > 0)");
        }

        var stated = CapitalCsv.Read(capitalPath);
        var raw = CorrelationCsv.Read(correlationPath);
        string capitalName = Path.GetFileName(capitalPath);
        string correlationName = Path.GetFileName(correlationPath);
        var measures = MeasureCheck.Run(stated, capitalName, target);
        var capital = measures.Table;

        // Cross-file check: every label of one file must be in the other.
        var problems = new List<string>();
        var labelSet = new HashSet<string>(raw.Labels, StringComparer.Ordinal);
        var capitalLabels = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (u, t, _, line) in capital.Rows)
        {
            capitalLabels.TryAdd(raw.IsCellMatrix ? RiskAggregation.CellLabel(capital.Units[u], capital.RiskTypes[t]) : capital.RiskTypes[t], line);
        }

        string what = raw.IsCellMatrix ? "unit:risk_type" : "risk_type";
        foreach (var (label, line) in capitalLabels.Where(p => !labelSet.Contains(p.Key)))
        {
            problems.Add(new DataIssue(line, what, label, $"is not in {correlationName}").Format(capitalName));
        }

        for (int i = 0; i < raw.Labels.Count; i++)
        {
            if (!capitalLabels.ContainsKey(raw.Labels[i]))
            {
                problems.Add(new DataIssue(raw.LineOf(i), what, raw.Labels[i], $"is not in {capitalName}").Format(correlationName));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(string.Join('\n', problems) + $"\n{problems.Count} problem(s): the two files must name the same {(raw.IsCellMatrix ? "cells" : "risk types")}; nothing was written.");
        }

        // Validate, or repair on request.
        CorrelationMatrix matrix;
        NearestCorrelationResult? repaired = null;
        var check = CorrelationMatrix.Validate(raw.Values, raw.Labels.Count);
        if (check.IsValid || !repair)
        {
            matrix = raw.ToValidated();
        }
        else
        {
            try
            {
                repaired = NearestCorrelation.Compute(raw.Values, raw.Labels.Count, RepairTolerance, RepairMaxIterations);
            }
            catch (ArgumentException e)
            {
                throw new InvalidInputException($"{correlationName}: cannot repair: {e.Message.Split(" (Parameter", 2)[0]}");
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidInputException($"{correlationName}: cannot repair: {e.Message}");
            }

            matrix = CorrelationMatrix.Create(raw.Labels, repaired.Values);
        }

        AggregationResult result;
        if (raw.IsCellMatrix)
        {
            result = RiskAggregation.AggregateByLabelledCells(capital.Units, capital.RiskTypes, capital.ToMatrix(capital.RiskTypes), matrix);
        }
        else
        {
            result = RiskAggregation.AggregateByType(capital.Units, capital.ToMatrix(matrix.Labels), matrix);
        }

        // RAROC inputs.
        IReadOnlyList<(string Unit, double Return, long Line)>? returns = null;
        if (resultsPath is not null)
        {
            returns = UnitReturnsCsv.Read(resultsPath);
            var unitSet = new HashSet<string>(capital.Units, StringComparer.Ordinal);
            var given = new HashSet<string>(returns.Select(r => r.Unit), StringComparer.Ordinal);
            string resultsName = Path.GetFileName(resultsPath);
            var bad = returns.Where(r => !unitSet.Contains(r.Unit)).Select(r => new DataIssue(r.Line, "unit", r.Unit, $"is not in {capitalName}").Format(resultsName)).ToList();
            bad.AddRange(capital.Units.Where(u => !given.Contains(u)).Select(u => $"{resultsName}: unit {u} of {capitalName} has no row (every unit needs a return)"));
            if (bad.Count > 0)
            {
                throw new InvalidInputException(string.Join('\n', bad) + $"\n{bad.Count} problem(s); nothing was written.");
            }
        }

        using var output = new OutputDirectory(outDir);
        WriteContributions(output, result);
        WriteJson(output, result, matrix, raw, check, repaired, measures);
        if (target is not null)
        {
            WriteRescaled(output, stated, measures);
        }

        if (repaired is not null)
        {
            using var w = output.CreateText("correlation_repaired.csv");
            CsvText.WriteLine(w, [raw.LabelColumn, .. raw.Labels.Select(CsvText.Field)]);
            for (int i = 0; i < matrix.Size; i++)
            {
                var row = new string[matrix.Size + 1];
                row[0] = CsvText.Field(raw.Labels[i]);
                for (int j = 0; j < matrix.Size; j++)
                {
                    row[j + 1] = CsvText.Number(matrix[i, j]);
                }

                CsvText.WriteLine(w, row);
            }
        }

        if (returns is not null)
        {
            var byUnit = returns.ToDictionary(r => r.Unit, r => r.Return, StringComparer.Ordinal);
            WriteRaroc(output, UnitProfitability.Compute(result, [.. result.Units.Select(u => byUnit[u])], hurdle));
        }

        var inputs = new List<(string, string, long)> { ("capital", capitalPath, capital.Rows.Count), ("correlation", correlationPath, raw.Labels.Count) };
        if (resultsPath is not null)
        {
            inputs.Add(("results", resultsPath, returns!.Count));
        }

        RiskManifest.Write(output, "aggregate",
            [("repair", repair ? "true" : "false"), ("hurdle", hurdle is double hr ? CsvText.Number(hr) : ""), ("matrix", raw.IsCellMatrix ? "cells" : "risk types"),
                ("rescale_to", target?.ToString() ?? ""), ("measure", measures.Basis), ("rows_rescaled", measures.RowsRescaled.ToString(CultureInfo.InvariantCulture))],
            inputs);
        output.Commit();
        ctx.Out.WriteLine(measures.Summary);
        if (repaired is not null)
        {
            ctx.Out.WriteLine(FormattableString.Invariant(
                $"correlation repaired ({(double.IsNaN(check.SmallestEigenvalue) ? "elements outside [-1, 1]" : FormattableString.Invariant($"smallest eigenvalue was {check.SmallestEigenvalue:R}"))}): nearest correlation matrix after {repaired.Iterations} iterations, Frobenius distance {repaired.FrobeniusDistance:R}, largest element change {repaired.MaxAbsoluteChange:R}"));
        }

        ctx.Out.WriteLine(FormattableString.Invariant(
            $"aggregate: {result.Units.Count} units, {result.RiskTypes.Count} risk types; total EC {result.TotalEconomicCapital:R}, standalone sum {result.StandaloneSum:R}, diversification benefit {result.DiversificationBenefit:R}"));
        ctx.Out.WriteLine($"written to {output.Path}");
        return ExitCodes.Success;
    }

    private static void WriteContributions(OutputDirectory output, AggregationResult result)
    {
        using var w = output.CreateText("contributions.csv");
        CsvText.WriteLine(w, "unit", "risk_type", "standalone_ec", "contribution");
        for (int u = 0; u < result.Units.Count; u++)
        {
            for (int t = 0; t < result.RiskTypes.Count; t++)
            {
                CsvText.WriteLine(w, CsvText.Field(result.Units[u]), CsvText.Field(result.RiskTypes[t]), CsvText.Number(result.CellStandalone(u, t)),
                    CsvText.Number(result.CellContribution(u, t)));
            }
        }
    }

    /// <summary>The measure check of a capital file: one measure stated, one assumed, a mix rejected, or every row restated.</summary>
    private sealed class MeasureCheck
    {
        public const string Assumption = "normal loss with mean 0: VaR_q = sigma sqrt(h) G(q), ES_q = sigma sqrt(h) phi(G(q)) / (1 - q)";

        public required CapitalTable Table { get; init; }

        /// <summary>The measure every row is on after the check; null when the file states none.</summary>
        public CapitalMeasure? Common { get; init; }

        public CapitalMeasure? Target { get; init; }

        public int RowsRescaled { get; init; }

        public string Basis => Target is not null ? "rescaled" : Common is not null ? "stated" : "assumed common";

        public string Summary => Target is CapitalMeasure t
            ? FormattableString.Invariant($"measure: {RowsRescaled} of {Table.Rows.Count} capital rows restated on {t} ({Assumption}, horizons by the square root of time)")
            : Common is CapitalMeasure c
                ? FormattableString.Invariant($"measure: every capital row is on {c}")
                : "measure: the capital file states no measure; one common measure (risk measure, confidence and horizon) is assumed for every row";

        public static MeasureCheck Run(CapitalTable capital, string capitalName, CapitalMeasure? target)
        {
            if (!capital.StatesMeasure)
            {
                if (target is not null)
                {
                    throw new InvalidInputException($"{capitalName}: --rescale-to needs the measure of every row, and the file states none: add the columns measure,confidence,horizon_years (e.g. var,0.999,1); nothing was written.");
                }

                return new MeasureCheck { Table = capital };
            }

            var first = capital.Measure(0);
            long firstLine = capital.Rows[0].Line;
            if (target is CapitalMeasure t)
            {
                int changed = Enumerable.Range(0, capital.Rows.Count).Count(i => capital.Measure(i) != t);
                return new MeasureCheck { Table = capital.RescaledTo(t), Common = t, Target = t, RowsRescaled = changed };
            }

            var problems = new List<string>();
            for (int i = 1; i < capital.Rows.Count; i++)
            {
                var m = capital.Measure(i);
                if (m != first)
                {
                    problems.Add(new DataIssue(capital.Rows[i].Line, "measure", m.ToString(),
                        FormattableString.Invariant($"differs from {first} of line {firstLine} (measure:confidence:horizon_years)")).Format(capitalName));
                }
            }

            if (problems.Count > 0)
            {
                throw new InvalidInputException(string.Join('\n', problems) + FormattableString.Invariant(
                    $"\n{problems.Count} row(s) on another measure than line {firstLine}: var-covar aggregation adds figures on one measure, confidence and horizon. State one measure in every row, or pass --rescale-to MEASURE:CONFIDENCE:HORIZON_YEARS (e.g. --rescale-to {first}) to restate every row under a normal assumption; nothing was written."));
            }

            return new MeasureCheck { Table = capital, Common = first };
        }
    }

    private static void WriteRescaled(OutputDirectory output, CapitalTable stated, MeasureCheck measures)
    {
        using var w = output.CreateText("capital_rescaled.csv");
        CsvText.WriteLine(w, "unit", "risk_type", "measure", "confidence", "horizon_years", "ec", "factor", "ec_rescaled");
        var target = measures.Target!.Value;
        for (int i = 0; i < stated.Rows.Count; i++)
        {
            var (u, t, ec, _) = stated.Rows[i];
            var m = stated.Measure(i);
            CsvText.WriteLine(w, CsvText.Field(stated.Units[u]), CsvText.Field(stated.RiskTypes[t]), m.Kind == RiskMeasureKind.ValueAtRisk ? "var" : "es",
                CsvText.Number(m.Confidence), CsvText.Number(m.HorizonYears), CsvText.Number(ec), CsvText.Number(CapitalMeasure.NormalScaleFactor(m, target)),
                CsvText.Number(measures.Table.Rows[i].Ec));
        }
    }

    private static void WriteJson(OutputDirectory output, AggregationResult result, CorrelationMatrix matrix, CorrelationData raw,
        CorrelationValidation check, NearestCorrelationResult? repaired, MeasureCheck measures)
    {
        using var stream = output.Create("aggregate.json");
        using var json = new Utf8JsonWriter(stream, RiskManifest.JsonOptions);
        json.WriteStartObject();
        json.WriteNumber("total_ec", result.TotalEconomicCapital);
        json.WriteNumber("standalone_sum", result.StandaloneSum);
        json.WriteNumber("diversification_benefit", result.DiversificationBenefit);
        json.WriteNumber("contribution_sum", result.TypeContribution.Sum());
        json.WriteString("correlation_over", raw.IsCellMatrix ? "unit:risk_type cells" : "risk types");
        json.WriteStartObject("measure");
        json.WriteString("basis", measures.Basis);
        if (measures.Common is CapitalMeasure common)
        {
            json.WriteString("common", common.ToString());
        }
        else
        {
            json.WriteNull("common");
        }

        json.WriteNumber("rows_rescaled", measures.RowsRescaled);
        if (measures.Target is not null)
        {
            json.WriteString("assumption", MeasureCheck.Assumption + ", horizons by the square root of time");
        }

        json.WriteString("note", measures.Summary);
        json.WriteEndObject();
        json.WriteNumber("correlation_smallest_eigenvalue", matrix.SmallestEigenvalue);
        json.WriteStartArray("by_risk_type");
        for (int t = 0; t < result.RiskTypes.Count; t++)
        {
            json.WriteStartObject();
            json.WriteString("risk_type", result.RiskTypes[t]);
            json.WriteNumber("standalone_ec", result.TypeStandalone[t]);
            json.WriteNumber("contribution", result.TypeContribution[t]);
            RiskManifest.Number(json, "diversification_factor", result.TypeStandalone[t] > 0 ? result.TypeContribution[t] / result.TypeStandalone[t] : double.NaN);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("by_unit");
        for (int u = 0; u < result.Units.Count; u++)
        {
            json.WriteStartObject();
            json.WriteString("unit", result.Units[u]);
            json.WriteNumber("standalone_ec", result.UnitStandalone[u]);
            json.WriteNumber("contribution", result.UnitContribution[u]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (repaired is not null)
        {
            json.WriteStartObject("correlation_repair");
            json.WriteString("method", "nearest correlation matrix, Higham (2002) alternating projections with Dykstra's correction");
            if (double.IsNaN(check.SmallestEigenvalue))
            {
                json.WriteNull("original_smallest_eigenvalue"); // not computed: an element was outside [-1, 1]
            }
            else
            {
                json.WriteNumber("original_smallest_eigenvalue", check.SmallestEigenvalue);
            }
            json.WriteNumber("iterations", repaired.Iterations);
            json.WriteNumber("frobenius_distance", repaired.FrobeniusDistance);
            json.WriteNumber("max_abs_change", repaired.MaxAbsoluteChange);
            json.WriteStartArray("problems_repaired");
            foreach (var issue in check.Issues)
            {
                json.WriteStringValue(CorrelationMatrix.Describe(issue));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("correlation_repair");
        }

        json.WriteEndObject();
    }

    private static void WriteRaroc(OutputDirectory output, UnitProfitability p)
    {
        using var w = output.CreateText("raroc.csv");
        if (p.Hurdle is null)
        {
            CsvText.WriteLine(w, "unit", "return", "standalone_ec", "diversified_ec", "raroc_standalone", "raroc_diversified");
        }
        else
        {
            CsvText.WriteLine(w, "unit", "return", "standalone_ec", "diversified_ec", "raroc_standalone", "raroc_diversified", "eva_standalone", "eva_diversified");
        }

        for (int u = 0; u < p.Units.Count; u++)
        {
            var fields = new List<string>
            {
                CsvText.Field(p.Units[u]), CsvText.Number(p.Return[u]), CsvText.Number(p.StandaloneEc[u]), CsvText.Number(p.DiversifiedEc[u]),
                RiskManifest.Text(p.StandaloneRaroc[u]), RiskManifest.Text(p.DiversifiedRaroc[u]),
            };
            if (p.StandaloneEva is not null && p.DiversifiedEva is not null)
            {
                fields.Add(CsvText.Number(p.StandaloneEva[u]));
                fields.Add(CsvText.Number(p.DiversifiedEva[u]));
            }

            CsvText.WriteLine(w, [.. fields]);
        }
    }
}
