using System.Globalization;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore migration estimate|rates|generator|project</c>: migration matrices from histories, regulatory migration rates, generators and projections.</summary>
internal static class MigrationCommand
{
    private static readonly OptionSpec HistoryOption = new("history", "FILE", "histories CSV: entity_id,date|time,state[,balance][,reduction]", Required: true);
    private static readonly OptionSpec OutOption = new("out", "DIR", "output folder (written all-or-nothing)", Required: true);
    private static readonly OptionSpec StatesOption = new("states", "LIST", "ordered states, best first (default: the five-tier order pass,...,loss)");
    private static readonly OptionSpec AbsorbingOption = new("absorbing", "LIST", "absorbing (default) states (default: the last state)");
    private static readonly OptionSpec CensorOption = new("censor", "LIST", "labels that censor the entity there (e.g. NR,withdrawn)");
    private static readonly OptionSpec PeriodOption = new("period", "LEN", "period length: 1y (default), 6m, 3m, 0.5y ... (cohort periods; the duration matrix is exp(Lambda x period))");
    private static readonly OptionSpec FromOption = new("from", "S", "window start: a date yyyy-MM-dd (or a number on a time column)");
    private static readonly OptionSpec ToOption = new("to", "T", "window end: a date yyyy-MM-dd (or a number on a time column)");
    private static readonly OptionSpec YearsOption = new("years", "T", "years of PD term structure (default 10)");

    public static CommandSpec Estimate { get; } = new("migration estimate",
        "Estimate a migration matrix from histories (cohort, Aalen-Johansen or duration), with PD term structures.",
        [
            HistoryOption,
            new("method", "NAME", "cohort (default), aalen-johansen or duration"),
            PeriodOption,
            new("weight", "NAME", "cohort weighting: count (default) or balance"),
            new("aggregation", "NAME", "cohort: pooled (default) or average of the period matrices"),
            FromOption, ToOption, StatesOption, AbsorbingOption, CensorOption, YearsOption,
            new("bootstrap", "N", "bootstrap replicates for confidence intervals"),
            new("bootstrap-kind", "NAME", "entity (default: resample entities) or period (resample whole cohort periods; cohort method)"),
            new("seed", "S", "bootstrap seed (default 1)"),
            new("confidence", "C", "two-sided confidence level of the intervals (default 0.95)"),
            OutOption,
        ],
        RunEstimate,
        "Writes matrix.csv (with its period_years: the cohort or duration period, the Aalen-Johansen window), counts.csv,\n" +
        "pd_curve.csv, generator.csv (duration), periods.csv (cohort), matrix_ci.csv (with --bootstrap) and manifest.json.\n" +
        "See docs/migration.md for every convention.");

    public static CommandSpec Rates { get; } = new("migration rates",
        "Regulatory loan migration rates (pass, special mention, performing, substandard, doubtful) per period and overall.",
        [HistoryOption, PeriodOption, FromOption, ToOption, AbsorbingOption, CensorOption, OutOption],
        RunRates,
        "Needs five-tier states and the balance and reduction columns. Each rate = migrated amount / (opening balance -\n" +
        "amount reduced in the period). Writes rates.csv and manifest.json.");

    public static CommandSpec GeneratorSpec { get; } = new("migration generator",
        "A generator from a one-period transition matrix: log, jlt, da, wa or qog, with diagnostics and distance.",
        [
            new("matrix", "FILE", "transition matrix CSV: from,<states>; rows in header order", Required: true),
            new("method", "NAME", "log, jlt, da (diagonal adjustment), wa (weighted adjustment) or qog", Required: true),
            new("period-years", "Y", "the period the matrix covers, in years, for a file without a period_years column (default 1)"),
            AbsorbingOption, OutOption,
        ],
        RunGenerator,
        "Writes generator.csv (per year), matrix.csv (exp of the generator over the matrix's period), diagnostics.csv, manifest.json.");

    public static CommandSpec Project { get; } = new("migration project",
        "Project a matrix or generator: multi-year matrices and cumulative/marginal PD term structures, optionally Z-shifted.",
        [
            new("matrix", "FILE", "transition matrix CSV over one year or a period that divides a year (taken to one year by powers)"),
            new("generator", "FILE", "generator CSV (per year)"),
            YearsOption,
            new("z", "Z", "credit-cycle factor for the Z-shift (Z < 0 = downturn)"),
            new("rho", "R", "asset correlation of the Z-shift, in [0, 1)"),
            new("fit-default-rate", "DR", "fit Z to an observed one-year default rate (needs --rho)"),
            new("weights", "LIST", "portfolio weights by starting state for --fit-default-rate (default: equal on non-absorbing states)"),
            AbsorbingOption, OutOption,
        ],
        RunProject,
        "Writes matrix.csv (the one-year matrix, period_years 1), matrices.csv (year,from,to,probability), pd_curve.csv,\n" +
        "conditioned.csv (with --z or --fit-default-rate), manifest.json.");

    private static RatingHistory ReadHistory(CliArgs args, out string path)
    {
        path = args.RequireFile("history");
        var states = args.GetList("states");
        var options = new RatingHistoryReadOptions
        {
            States = states.Count > 0 ? states : null,
            Absorbing = args.GetList("absorbing"),
            Censor = args.GetList("censor"),
        };
        try
        {
            return RatingHistoryReader.Read(path, options);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(PlainText.Message(e));
        }
    }

    private static double? ParseTime(CliArgs args, string name, RatingHistory history)
    {
        var text = args.Get(name);
        if (text is null)
        {
            return null;
        }

        if (history.TimeUnit == HistoryTimeUnit.Days)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw new UsageException($"--{name} = {text} must be a date yyyy-MM-dd (the history has a date column)");
            }

            return d.DayNumber;
        }

        if (!CsvText.TryParseNumber(text, out double v))
        {
            throw new UsageException($"--{name} = {text} must be a number (the history has a time column)");
        }

        return v;
    }

    private static double ParsePeriod(CliArgs args)
    {
        var text = args.Get("period") ?? "1y";
        double years;
        double v = 0;
        bool ok = text.Length >= 2 && CsvText.TryParseNumber(text.AsSpan(0, text.Length - 1), out v) && v > 0;
        if (ok && text[^1] == 'y')
        {
            years = v;
        }
        else if (ok && text[^1] == 'm')
        {
            years = v / 12.0;
        }
        else if (CsvText.TryParseNumber(text, out double plain) && plain > 0)
        {
            years = plain;
        }
        else
        {
            throw new UsageException($"--period = {text} must be a length such as 1y, 6m or 0.5y");
        }

        return years;
    }

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidInputException(PlainText.Message(e));
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException(PlainText.Message(e));
        }
    }

    private static int RunEstimate(CliArgs args, CliContext ctx)
    {
        string method = args.Get("method") ?? "cohort";
        if (method is not ("cohort" or "aalen-johansen" or "duration"))
        {
            throw new UsageException($"--method = {method} must be cohort, aalen-johansen or duration");
        }

        string weight = args.Get("weight") ?? "count";
        if (weight is not ("count" or "balance"))
        {
            throw new UsageException($"--weight = {weight} must be count or balance");
        }

        string aggregation = args.Get("aggregation") ?? "pooled";
        if (aggregation is not ("pooled" or "average"))
        {
            throw new UsageException($"--aggregation = {aggregation} must be pooled or average");
        }

        int years = args.GetInt("years", 10, 1, 1000);
        int bootstrap = args.GetInt("bootstrap", 0, 0, 100000);
        if (bootstrap == 1)
        {
            throw new UsageException("--bootstrap needs at least 2 replicates");
        }

        string bootstrapKind = args.Get("bootstrap-kind") ?? "entity";
        if (bootstrapKind is not ("entity" or "period"))
        {
            throw new UsageException($"--bootstrap-kind = {bootstrapKind} must be entity or period");
        }

        if (bootstrapKind == "period" && method != "cohort")
        {
            throw new UsageException($"--bootstrap-kind period resamples cohort periods: it needs --method cohort, not {method}");
        }

        var kind = bootstrapKind == "period" ? BootstrapKind.Period : BootstrapKind.Entity;
        long seed = args.GetLong("seed", 1, 0);
        double confidence = args.GetDouble("confidence", 0.95, 1e-9, 1 - 1e-9);
        double period = ParsePeriod(args);
        string outDir = args.Require("out");
        var history = ReadHistory(args, out string path);
        double? from = ParseTime(args, "from", history);
        double? to = ParseTime(args, "to", history);
        if (weight == "balance" && !history.HasBalance)
        {
            throw new InvalidInputException($"{Path.GetFileName(path)}: --weight balance needs a balance column");
        }

        var progress = Progress.For(ctx, args, "migration estimate: bootstrap", bootstrap, "replicates");
        MigrationEstimationResult run;
        try
        {
            run = Guard(() => MigrationEstimation.Run(history, new MigrationEstimateOptions
            {
                Method = method switch
                {
                    "cohort" => MigrationMethod.Cohort,
                    "duration" => MigrationMethod.Duration,
                    _ => MigrationMethod.AalenJohansen,
                },
                PeriodYears = period,
                Weighting = weight == "balance" ? CohortWeighting.Balance : CohortWeighting.Count,
                Aggregation = aggregation == "average" ? CohortAggregation.Average : CohortAggregation.Pooled,
                From = from,
                To = to,
                Years = years,
                BootstrapReplicates = bootstrap,
                BootstrapKind = kind,
                Seed = (ulong)seed,
                Confidence = confidence,
                BootstrapProgress = progress,
            }));
        }
        finally
        {
            progress?.Done();
        }

        var est = run.Estimate;
        var curve = run.PDCurve;
        var ci = run.Intervals;
        var states = history.States;
        int n = states.Count;

        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("matrix.csv"))
            {
                MigrationCsv.WriteMatrix(w, est.Matrix);
            }

            using (var w = output.CreateText("counts.csv"))
            {
                var header = new List<string> { "from" };
                header.AddRange(states.Labels.Select(CsvText.Field));
                header.AddRange(["row_total", "exposure_years", "observed"]);
                CsvText.WriteLine(w, [.. header]);
                for (int i = 0; i < n; i++)
                {
                    var f = new List<string> { CsvText.Field(states[i]) };
                    for (int j = 0; j < n; j++)
                    {
                        f.Add(CsvText.Number(est.Counts[i, j]));
                    }

                    f.Add(CsvText.Number(est.RowTotals[i]));
                    f.Add(est.ExposureYears is null ? "" : CsvText.Number(est.ExposureYears[i]));
                    f.Add(est.UnobservedStates.Contains(states[i]) ? "false" : "true");
                    CsvText.WriteLine(w, [.. f]);
                }
            }

            if (est.Generator is { } g)
            {
                using var w = output.CreateText("generator.csv");
                MigrationCsv.WriteSquare(w, states, (i, j) => g[i, j]);
            }

            if (est.Periods.Count > 0)
            {
                using var w = output.CreateText("periods.csv");
                CsvText.WriteLine(w, "period_start", "period_end", "from", "to", "count", "probability");
                foreach (var p in est.Periods)
                {
                    string s0 = FormatTime(history, p.Start);
                    string s1 = FormatTime(history, p.End);
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            CsvText.WriteLine(w, s0, s1, CsvText.Field(states[i]), CsvText.Field(states[j]), CsvText.Number(p.Counts[i, j]), CsvText.Number(p.Matrix[i, j]));
                        }
                    }
                }
            }

            WriteCurve(output, curve, ci);
            if (ci is not null)
            {
                using var w = output.CreateText("matrix_ci.csv");
                CsvText.WriteLine(w, "from", "to", "probability", "lower", "upper");
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        CsvText.WriteLine(w, CsvText.Field(states[i]), CsvText.Field(states[j]), CsvText.Number(est.Matrix[i, j]),
                            CsvText.Number(ci.MatrixLower(i, j)), CsvText.Number(ci.MatrixUpper(i, j)));
                    }
                }
            }

            WriteManifest(output, "migration estimate", [path], new Dictionary<string, object?>
            {
                ["method"] = method,
                ["period_years"] = est.Matrix.PeriodYears,
                ["weight"] = weight,
                ["aggregation"] = aggregation,
                ["from"] = FormatTime(history, est.WindowStart),
                ["to"] = FormatTime(history, est.WindowEnd),
                ["states"] = states.Labels,
                ["absorbing"] = Enumerable.Range(0, n).Where(states.IsAbsorbing).Select(i => states[i]).ToArray(),
                ["censor"] = args.GetList("censor"),
                ["years"] = years,
                ["bootstrap"] = bootstrap,
                ["bootstrap_kind"] = bootstrapKind,
                ["seed"] = seed,
                ["confidence"] = confidence,
                ["observations"] = history.ObservationCount,
                ["entities"] = history.EntityCount,
                ["transitions"] = history.TransitionCount,
                ["censorings"] = history.CensoringCount,
                ["unobserved_states"] = est.UnobservedStates,
            });
            output.Commit();
        }

        ctx.Out.WriteLine(FormattableString.Invariant(
            $"migration estimate ({method}): {history.ObservationCount} observations, {history.EntityCount} entities, {history.TransitionCount} transitions, {history.CensoringCount} censorings used; window {FormatTime(history, est.WindowStart)} to {FormatTime(history, est.WindowEnd)}; matrix.csv covers {est.Matrix.PeriodYears:R} years."));
        if (curve.Years < years)
        {
            ctx.Error.WriteLine(FormattableString.Invariant($"note: the Aalen-Johansen PD curve covers the {curve.Years} whole years of the window, not {years}."));
        }

        if (est.UnobservedStates.Count > 0)
        {
            ctx.Error.WriteLine($"warning: no observations for {string.Join(", ", est.UnobservedStates)}: their rows are unit rows, not estimates (counts.csv: observed = false).");
        }

        ctx.Out.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return ExitCodes.Success;
    }

    private static string FormatTime(RatingHistory h, double t) => h.TimeUnit == HistoryTimeUnit.Days
        ? DateOnly.FromDayNumber((int)t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : CsvText.Number(t);

    private static void WriteCurve(OutputDirectory output, PDTermStructure curve, BootstrapIntervals? ci)
    {
        using var w = output.CreateText("pd_curve.csv");
        if (ci is null)
        {
            CsvText.WriteLine(w, "state", "year", "cumulative_pd", "marginal_pd");
        }
        else
        {
            CsvText.WriteLine(w, "state", "year", "cumulative_pd", "marginal_pd", "cumulative_pd_lower", "cumulative_pd_upper");
        }

        for (int i = 0; i < curve.States.Count; i++)
        {
            for (int t = 1; t <= curve.Years; t++)
            {
                string y = t.ToString(CultureInfo.InvariantCulture);
                if (ci is null)
                {
                    CsvText.WriteLine(w, CsvText.Field(curve.States[i]), y, CsvText.Number(curve.Cumulative(i, t)), CsvText.Number(curve.Marginal(i, t)));
                }
                else
                {
                    CsvText.WriteLine(w, CsvText.Field(curve.States[i]), y, CsvText.Number(curve.Cumulative(i, t)), CsvText.Number(curve.Marginal(i, t)),
                        CsvText.Number(ci.CumulativePDLower(i, t)), CsvText.Number(ci.CumulativePDUpper(i, t)));
                }
            }
        }
    }

    private static void WriteManifest(OutputDirectory output, string command, IReadOnlyList<string> inputs, Dictionary<string, object?> parameters)
    {
        using var stream = output.Create("manifest.json");
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "valuecore");
        json.WriteString("version", CommandLine.Version);
        json.WriteString("command", command);
        json.WriteString("created_utc", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartArray("inputs");
        foreach (var p in inputs)
        {
            json.WriteStartObject();
            json.WriteString("path", p);
            json.WriteString("sha256", OutputDirectory.Sha256(p));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("parameters");
        foreach (var (key, value) in parameters)
        {
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case string s:
                    json.WriteString(key, s);
                    break;
                case double d:
                    json.WriteNumber(key, d);
                    break;
                case int i:
                    json.WriteNumber(key, i);
                    break;
                case long l:
                    json.WriteNumber(key, l);
                    break;
                case System.Collections.IEnumerable items:
                    json.WriteStartArray(key);
                    foreach (var item in items)
                    {
                        json.WriteStringValue(Convert.ToString(item, CultureInfo.InvariantCulture));
                    }

                    json.WriteEndArray();
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
        output.WriteFileList(json);
        json.WriteEndObject();
    }

    private static int RunRates(CliArgs args, CliContext ctx)
    {
        double period = ParsePeriod(args);
        string outDir = args.Require("out");
        var history = ReadHistory(args, out string path);
        if (!history.HasBalance || !history.HasReduction)
        {
            throw new InvalidInputException($"{Path.GetFileName(path)}: migration rates need the balance and reduction columns");
        }

        var options = new CohortOptions { PeriodYears = period, From = ParseTime(args, "from", history), To = ParseTime(args, "to", history) };
        RegulatoryRatesPeriod pooled = null!;
        var periods = Guard(() => RegulatoryMigrationRates.Compute(history, options, out pooled));
        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("rates.csv"))
            {
                CsvText.WriteLine(w, "scope", "period_start", "period_end", "rate", "migrated", "opening", "reduction", "migration_rate");
                foreach (var (scope, p) in periods.Select(p => ("period", p)).Append(("overall", pooled)))
                {
                    foreach (var r in p.Rates)
                    {
                        CsvText.WriteLine(w, scope, FormatTime(history, p.Start), FormatTime(history, p.End), RateName(r.Kind),
                            CsvText.Number(r.Migrated), CsvText.Number(r.Opening), CsvText.Number(r.Reduction), CsvText.Number(r.Rate));
                    }
                }
            }

            WriteManifest(output, "migration rates", [path], new Dictionary<string, object?>
            {
                ["period_years"] = period,
                ["from"] = FormatTime(history, pooled.Start),
                ["to"] = FormatTime(history, pooled.End),
                ["observations"] = history.ObservationCount,
                ["entities"] = history.EntityCount,
                ["transitions"] = history.TransitionCount,
                ["censorings"] = history.CensoringCount,
            });
            output.Commit();
        }

        ctx.Out.WriteLine(FormattableString.Invariant(
            $"migration rates: {history.ObservationCount} observations, {history.EntityCount} entities, {periods.Count} periods; pass rate overall {FormatPercent(pooled.Rates[0].Rate)}."));
        ctx.Out.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return ExitCodes.Success;
    }

    private static string FormatPercent(double r) => double.IsNaN(r) ? "not defined" : (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string RateName(RegulatoryRateKind k) => k switch
    {
        RegulatoryRateKind.Pass => "pass",
        RegulatoryRateKind.SpecialMention => "special_mention",
        RegulatoryRateKind.Performing => "performing",
        RegulatoryRateKind.Substandard => "substandard",
        _ => "doubtful",
    };

    private static int RunGenerator(CliArgs args, CliContext ctx)
    {
        string path = args.RequireFile("matrix");
        string methodName = args.Require("method");
        var method = methodName switch
        {
            "log" => EmbeddingMethod.Log,
            "jlt" => EmbeddingMethod.Jlt,
            "da" => EmbeddingMethod.DiagonalAdjustment,
            "wa" => EmbeddingMethod.WeightedAdjustment,
            "qog" => EmbeddingMethod.QuasiOptimisation,
            _ => throw new UsageException($"--method = {methodName} must be log, jlt, da, wa or qog"),
        };
        double? givenPeriod = args.Has("period-years") ? args.GetDouble("period-years", 1.0, 1e-9, 1e6) : null;
        string outDir = args.Require("out");
        var matrix = MigrationCsv.ReadMatrix(path, args.GetList("absorbing"), givenPeriod);
        double periodYears = matrix.PeriodYears;
        var result = Guard(() => GeneratorEstimation.FromMatrix(matrix, method));
        var states = matrix.States;
        var back = result.Generator.Over(periodYears);
        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("generator.csv"))
            {
                MigrationCsv.WriteSquare(w, states, (i, j) => result.Generator[i, j]);
            }

            using (var w = output.CreateText("matrix.csv"))
            {
                MigrationCsv.WriteMatrix(w, back);
            }

            using (var w = output.CreateText("diagnostics.csv"))
            {
                var d = result.Diagnostics;
                CsvText.WriteLine(w, "item", "value");
                CsvText.WriteLine(w, "method", methodName);
                CsvText.WriteLine(w, "determinant", CsvText.Number(d.Determinant));
                CsvText.WriteLine(w, "has_real_logarithm", d.HasRealLogarithm ? "true" : "false");
                CsvText.WriteLine(w, "diagonals_above_half", d.DiagonalsAboveHalf ? "true" : "false");
                CsvText.WriteLine(w, "log_negative_off_diagonal_count", d.NegativeOffDiagonalCount.ToString(CultureInfo.InvariantCulture));
                CsvText.WriteLine(w, "log_negative_off_diagonal_sum", CsvText.Number(d.NegativeOffDiagonalSum));
                CsvText.WriteLine(w, "log_is_valid_generator", d.IsValidGenerator ? "true" : "false");
                CsvText.WriteLine(w, "max_abs_distance", CsvText.Number(result.MaxAbsDistance));
                CsvText.WriteLine(w, "frobenius_distance", CsvText.Number(result.FrobeniusDistance));
                for (int k = 0; k < d.Eigenvalues.Count; k++)
                {
                    var e = d.Eigenvalues[k];
                    CsvText.WriteLine(w, FormattableString.Invariant($"eigenvalue_{k + 1}"),
                        CsvText.Field(FormattableString.Invariant($"{CsvText.Number(e.Real)}{(e.Imaginary >= 0 ? "+" : "-")}{CsvText.Number(Math.Abs(e.Imaginary))}i")));
                }
            }

            WriteManifest(output, "migration generator", [path], new Dictionary<string, object?>
            {
                ["method"] = methodName,
                ["period_years"] = periodYears,
                ["states"] = states.Labels,
            });
            output.Commit();
        }

        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"migration generator ({methodName}): log P {(result.Diagnostics.IsValidGenerator ? "is" : "is not")} a valid generator ({result.Diagnostics.NegativeOffDiagonalCount} negative off-diagonal entries); distance of exp(generator) from the matrix: max |diff| {result.MaxAbsDistance:G6}, Frobenius {result.FrobeniusDistance:G6}."));
        ctx.Out.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return ExitCodes.Success;
    }

    private static int RunProject(CliArgs args, CliContext ctx)
    {
        bool hasMatrix = args.Has("matrix");
        bool hasGenerator = args.Has("generator");
        if (hasMatrix == hasGenerator)
        {
            throw new UsageException("give exactly one of --matrix FILE or --generator FILE");
        }

        int years = args.GetInt("years", 10, 1, 1000);
        double? z = args.GetDoubleOrNull("z", -50, 50);
        double? rho = args.GetDoubleOrNull("rho", 0, 1 - 1e-12);
        double? dr = args.GetDoubleOrNull("fit-default-rate", 1e-12, 1 - 1e-12);
        if ((z is not null || dr is not null) && rho is null)
        {
            throw new UsageException("--z and --fit-default-rate need --rho");
        }

        if (z is not null && dr is not null)
        {
            throw new UsageException("give --z or --fit-default-rate, not both");
        }

        string outDir = args.Require("out");
        string path = hasMatrix ? args.RequireFile("matrix") : args.RequireFile("generator");
        var absorbing = args.GetList("absorbing");
        int periodsPerYear = 1;
        ITransitionModel model = hasMatrix ? MigrationCsv.ReadOneYearMatrix(path, absorbing, out periodsPerYear) : MigrationCsv.ReadGenerator(path, absorbing);
        var states = model.States;
        var weights = args.GetList("weights");
        if (dr is not null && weights.Count > 0 && weights.Count != states.Count)
        {
            throw new UsageException($"--weights has {weights.Count} items; {states.Count} states");
        }

        double[]? portfolioWeights = dr is null || weights.Count == 0 ? null
            : [.. weights.Select(s => CsvText.TryParseNumber(s, out double v) && v >= 0 ? v : throw new UsageException($"--weights item {s} must be a number >= 0"))];
        var projection = Guard(() => MigrationProjection.Run(model, new MigrationProjectionOptions
        {
            Years = years,
            Z = z,
            Rho = rho,
            FitDefaultRate = dr,
            Weights = portfolioWeights,
        }));
        var conditioned = projection.Conditioned;
        double? zUsed = projection.Z;
        var curve = projection.PDCurve;
        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("matrices.csv"))
            {
                CsvText.WriteLine(w, "year", "from", "to", "probability");
                for (int t = 1; t <= years; t++)
                {
                    var p = projection.Matrices[t - 1];
                    string y = t.ToString(CultureInfo.InvariantCulture);
                    for (int i = 0; i < states.Count; i++)
                    {
                        for (int j = 0; j < states.Count; j++)
                        {
                            CsvText.WriteLine(w, y, CsvText.Field(states[i]), CsvText.Field(states[j]), CsvText.Number(p[i, j]));
                        }
                    }
                }
            }

            using (var w = output.CreateText("matrix.csv"))
            {
                MigrationCsv.WriteMatrix(w, projection.OneYear);
            }

            WriteCurve(output, curve, null);
            if (conditioned is not null)
            {
                using var w = output.CreateText("conditioned.csv");
                MigrationCsv.WriteMatrix(w, conditioned);
            }

            WriteManifest(output, "migration project", [path], new Dictionary<string, object?>
            {
                ["input_kind"] = hasMatrix ? "matrix" : "generator",
                ["matrix_periods_per_year"] = hasMatrix ? periodsPerYear : null,
                ["years"] = years,
                ["z"] = zUsed,
                ["rho"] = rho,
                ["fit_default_rate"] = dr,
                ["states"] = states.Labels,
            });
            output.Commit();
        }

        if (periodsPerYear > 1)
        {
            ctx.Out.WriteLine(FormattableString.Invariant($"note: {Path.GetFileName(path)} covers 1/{periodsPerYear} year: its one-year matrix is the power P^{periodsPerYear}."));
        }

        ctx.Out.WriteLine(zUsed is null
            ? FormattableString.Invariant($"migration project: {states.Count} states, {years} years.")
            : FormattableString.Invariant($"migration project: {states.Count} states, {years} years, Z = {zUsed.Value:R} (Z < 0 = downturn), rho = {rho!.Value:R}."));
        ctx.Out.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return ExitCodes.Success;
    }
}
