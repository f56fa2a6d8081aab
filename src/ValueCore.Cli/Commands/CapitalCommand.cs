using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;
using ValueCore.IO;
using ValueCore.IO.MonteCarlo;
using ValueCore.Portfolio;
using ValueCore.Profitability;
using ValueCore.Batch;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore capital</c>: portfolio economic capital by Monte Carlo, allocated to every loan.</summary>
internal static class CapitalCommand
{
    public static CommandSpec Spec { get; } = new("capital", "Portfolio economic capital by Monte Carlo, allocated to every loan (Euler).",
    [
        .. BookOptions.Specs(),
        new OptionSpec("out", "DIR", "Output folder (summary.json, contributions.csv, loss_distribution.csv, by_<columns>.csv).", Required: true),
        new OptionSpec("factors", "FILE", "Factor file: type,key,F1..FK rows of correlation, segment or customer loadings (default: one factor, loading sqrt(R_i))."),
        new OptionSpec("mc-scenarios", "N", "Number of Monte Carlo scenarios (default 100000)."),
        new OptionSpec("scenarios", "VALUE", "Not an option of capital: the Monte Carlo count is --mc-scenarios (--scenarios names a scenarios file, as in 'scenario'); refused."),
        new OptionSpec("seed", "N", "Seed of the counter-based generator (default 42)."),
        new OptionSpec("confidence", "Q", "Confidence level of VaR, ES and EC (default 0.999)."),
        new OptionSpec("quantiles", "LIST", "Loss quantile levels to report (default 0.99,0.999,0.9995,0.9997)."),
        new OptionSpec("importance-sampling", null, "Importance sampling: factor mean shift and exponential twisting (Glasserman-Li 2005)."),
        new OptionSpec("copula", "gaussian|t", "Copula (default gaussian)."),
        new OptionSpec("df", "NU", "Degrees of freedom of the t copula (default 5)."),
        new OptionSpec("by", "COLUMNS", "Group by these comma-separated columns; repeat for more groupings, one by_<columns>.csv each (default: segment).", Repeatable: true),
        new OptionSpec("allocation", "es|var|sd", "How EC is allocated for diversified RAROC/EVA (default es)."),
        new OptionSpec("var-window", "DELTA", "Half-width in probability of the VaR-contribution window (default (1 - q) / 2)."),
        new OptionSpec("hurdle", "RATE", "Hurdle rate for EVA (default 0.12)."),
        new OptionSpec("tax", "RATE", "Tax rate (default 0.25)."),
        new OptionSpec("tax-rate", "RATE", "Renamed --tax (one name in every command); refused."),
        new OptionSpec("capital-rate", "RATE", "Return credited on capital (default 0.03)."),
        new OptionSpec("threads", "N", "Threads to use (default all cores; results do not depend on it)."),
        new OptionSpec("granularity", null, "Granularity adjustment (Gordy-Lütkebohmert 2013) of the ASRF EC by obligor, and Herfindahl indices by obligor, segment and sector, in summary.json."),
        .. TableOutputOptions.Specs(),
        .. ClusterArgs.Specs(),
    ], Run,
    "Loans with the same customer_id are one obligor and default together. Results are bit-identical for a seed on any number of threads.\n" +
    "Ctrl+C stops the run; nothing is written then.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string bookPath = BookOptions.RequireBook(args, ctx);
        string outDir = args.Require("out");
        if (args.Get("scenarios") is string count)
        {
            throw new UsageException($"--scenarios names a scenarios file (as in 'valuecore scenario'); the number of Monte Carlo scenarios is --mc-scenarios{(long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? $" (give --mc-scenarios {count})" : "")}");
        }

        if (args.Has("tax-rate"))
        {
            throw new UsageException("--tax-rate is renamed --tax (the same name in every command)");
        }

        if (BookOptions.SkipInvalid(args))
        {
            throw new UsageException("--skip-invalid is not supported by capital yet: the Monte Carlo needs the whole book valid; fix the rows listed without it");
        }

        var cluster = ClusterArgs.Read(args);
        Action<Utf8JsonWriter>? clusterManifest = null; // the cluster object of manifest.json
        var groupings = args.GetGroupings();
        var options = ReadOptions(args) with { GroupBy = groupings[0] };
        string? factorPath = args.Has("factors") ? args.RequireFile("factors") : null;
        int threads = options.MonteCarlo.MaxDegreeOfParallelism;
        var by = groupings.SelectMany(g => g).Distinct(StringComparer.Ordinal).ToList();
        var attributes = by.Where(c => !IsBookColumn(c)).ToList();
        if (args.Has("granularity"))
        {
            // The Herfindahl index by sector reads the book's 'sector' column when it has one.
            options = options with { Granularity = GranularityOptions.Default };
            if (!attributes.Contains(HerfindahlIndices.SectorColumn, StringComparer.Ordinal)
                && LoanBookCsv.ReadHeader(bookPath, BookOptions.Read(args, bookPath)).Contains(HerfindahlIndices.SectorColumn, StringComparer.OrdinalIgnoreCase))
            {
                attributes.Add(HerfindahlIndices.SectorColumn);
            }
        }

        var book = LoanBookCsv.Read(bookPath, BookOptions.Read(args, bookPath) with { Attributes = attributes.ToArray() });
        BookOptions.WarnIfPdPercent(ctx, Path.GetFileName(bookPath), !args.Has(BookOptions.PdPercentFlag) && PdScale.LooksLikePercent(book.Pd));
        foreach (var column in by)
        {
            if (!book.TryGetTextColumn(column, out _))
            {
                throw new UsageException($"--by: the book has no text column '{column}'");
            }
        }

        if (factorPath is not null)
        {
            options = options with { MonteCarlo = options.MonteCarlo with { Factors = FactorFileCsv.Read(factorPath) } };
        }

        // The table sinks (contributions and the by_ tables; docs/conventions.md, "Output formats"): the database is opened
        // before the simulation, so a refused connection or an existing table costs no simulation and touches no folder.
        var tables = TableOutputOptions.Read(args);
        ValueCore.Batch.Sinks.ResultTable[] resultTables =
        [
            new("contributions.csv", "contributions", new HashSet<string>([LoanColumns.LoanId, LoanColumns.CustomerId, LoanColumns.Segment], StringComparer.Ordinal)),
            .. groupings.Select(g => new ValueCore.Batch.Sinks.ResultTable(PortfolioCapitalCsv.GroupFileName(g), ValueCore.Batch.Sinks.ResultTables.TableNameOf(PortfolioCapitalCsv.GroupFileName(g)), new HashSet<string>(g, StringComparer.Ordinal))),
        ];
        using var database = ValueCore.Batch.Sinks.ResultTables.OpenDatabase(tables, resultTables.Select(t => t.TableName!));
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        PortfolioCapitalResult result;
        long scenarios = options.MonteCarlo.Scenarios;
        try
        {
            if (cluster is null)
            {
                var progress = Progress.For(ctx, args, "capital: simulating", scenarios, "scenarios");
                result = PortfolioCapital.Run(book, options, progress, cts.Token);
                progress?.Done();
            }
            else
            {
#if VALUECORE_CLUSTER
                result = ClusterArgs.RunCapital(ctx, args, cluster, book, options, cts.Token, out var record);
                clusterManifest = record.Write;
#else
                throw new UnreachableException(); // ClusterArgs.Read refuses --cluster in the native build
#endif
            }
        }
        catch (DataValidationException e)
        {
            throw AsFileIssues(e, bookPath);
        }
        catch (OperationCanceledException)
        {
            ctx.Error.WriteLine("valuecore capital: cancelled; nothing was written.");
            return ExitCodes.Usage; // the user stopped the run: no result, as after a usage error
        }
        catch (InvalidOperationException e)
        {
            ctx.Error.WriteLine($"valuecore capital: {e.Message}");
            return ExitCodes.InvalidInput; // a numerical failure on this input, reported (docs/conventions.md)
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        using (var output = new OutputDirectory(outDir))
        {
            using (var s = output.Create("summary.json"))
            {
                PortfolioCapitalCsv.WriteSummary(s, result);
            }

            using (var w = output.CreateText("contributions.csv"))
            {
                PortfolioCapitalCsv.WriteContributions(w, result);
            }

            using (var w = output.CreateText("loss_distribution.csv"))
            {
                PortfolioCapitalCsv.WriteLossDistribution(w, result.MonteCarlo);
            }

            foreach (var grouping in groupings)
            {
                using var w = output.CreateText(PortfolioCapitalCsv.GroupFileName(grouping));
                PortfolioCapitalCsv.WriteGroups(w, ReferenceEquals(grouping, groupings[0]) ? result.Groups : result.Group(book, grouping));
            }

            ValueCore.Batch.Sinks.ResultTables.Finish(output, tables, database, resultTables);
            using (var m = output.Create("manifest.json"))
            {
                WriteManifest(m, output, bookPath, factorPath, result, groupings, threads, json => ValueCore.Batch.Sinks.ResultTables.WriteManifest(json, tables, database), clusterManifest);
            }

            output.Commit();
        }

        var r = result.MonteCarlo;
        if (result.Granularity is GranularityResult ga)
        {
            ctx.Out.WriteLine(
                $"capital: ASRF EC {ConsoleNumbers.Amount(ga.AsrfCapital)} + granularity adjustment {ConsoleNumbers.Amount(ga.Adjustment)} = {ConsoleNumbers.Amount(ga.AdjustedCapital)} ({ConsoleNumbers.Count(ga.Obligors)} obligors; Herfindahl by obligor {ConsoleNumbers.Plain(result.Herfindahl?.Obligor ?? double.NaN)})");
        }

        ctx.Out.WriteLine(
            $"capital: {ConsoleNumbers.Count(book.Count)} loans, {ConsoleNumbers.Count(r.Obligors)} obligors, {ConsoleNumbers.Count(r.Scenarios)} scenarios; EL {ConsoleNumbers.Amount(r.El)}, VaR_{ConsoleNumbers.Plain(r.Confidence)} {ConsoleNumbers.Amount(r.Var)} (se {ConsoleNumbers.Amount(r.VarSe)}), ES {ConsoleNumbers.Amount(r.Es)} (se {ConsoleNumbers.Amount(r.EsSe)}), EC {ConsoleNumbers.Amount(r.Ec)} (se {ConsoleNumbers.Amount(r.EcSe)}); standalone IRB EC {ConsoleNumbers.Amount(result.Profitability.StandaloneEcTotal)}");
        return ExitCodes.Success;
    }

    /// <summary>The run's settings from the command line (every option but --book, --out and --factors).</summary>
    private static PortfolioCapitalOptions ReadOptions(CliArgs args)
    {
        string copulaText = args.Get("copula") ?? "gaussian";
        var copula = copulaText switch
        {
            "gaussian" => CopulaKind.Gaussian,
            "t" => CopulaKind.StudentT,
            _ => throw new UsageException($"--copula = {copulaText} must be gaussian or t"),
        };
        if (args.Has("df") && copula != CopulaKind.StudentT)
        {
            throw new UsageException("--df applies only with --copula t");
        }

        string allocationText = args.Get("allocation") ?? "es";
        var allocation = allocationText switch
        {
            "es" => CapitalAllocation.ExpectedShortfall,
            "var" => CapitalAllocation.ValueAtRisk,
            "sd" => CapitalAllocation.StandardDeviation,
            _ => throw new UsageException($"--allocation = {allocationText} must be es, var or sd"),
        };
        double confidence = args.GetDouble("confidence", 0.999, 0.5, 1.0);
        if (!(confidence > 0.5 && confidence < 1.0))
        {
            throw new UsageException("--confidence must be in (0.5, 1)");
        }

        var levels = args.Has("quantiles")
            ? args.GetList("quantiles").Select(t => CsvText.TryParseNumber(t, out double v) && v > 0.0 && v < 1.0 ? v
                : throw new UsageException($"--quantiles: {t} must be a number in (0, 1)")).ToArray()
            : [0.99, 0.999, 0.9995, 0.9997];
        int threads = args.GetInt("threads", -1, -1, 1024);
        if (threads == 0)
        {
            throw new UsageException("--threads must be -1 (all cores) or positive");
        }

        var profit = new ProfitabilityParameters
        {
            Hurdle = args.GetDouble("hurdle", ProfitabilityParameters.Default.Hurdle, -1.0, 10.0),
            TaxRate = args.GetDouble("tax", ProfitabilityParameters.Default.TaxRate, 0.0, 0.999999),
            CapitalRate = args.GetDouble("capital-rate", ProfitabilityParameters.Default.CapitalRate, -1.0, 1.0),
        };
        return new PortfolioCapitalOptions
        {
            MonteCarlo = new MonteCarloOptions
            {
                Scenarios = args.GetLong("mc-scenarios", 100_000, 1, 1_000_000_000),
                Seed = (ulong)args.GetLong("seed", 42, 0, long.MaxValue),
                Confidence = confidence,
                QuantileLevels = levels,
                Copula = copula,
                DegreesOfFreedom = args.GetDouble("df", 5.0, 1.0, 1000.0),
                ImportanceSampling = args.Has("importance-sampling"),
                VarWindow = args.GetDoubleOrNull("var-window", double.Epsilon, 0.49),
                MaxDegreeOfParallelism = threads,
            },
            Valuation = new ValuationOptions { Profitability = profit },
            Allocation = allocation,
        };
    }

    private static bool IsBookColumn(string name) => name is LoanColumns.LoanId or LoanColumns.Segment or LoanColumns.AssetClass
        or LoanColumns.CustomerId or LoanColumns.Product or LoanColumns.Classification;

    private static DataValidationException AsFileIssues(DataValidationException e, string path)
    {
        // Record r of the book is line r + 1 when the file has no blank lines or quoted line breaks; the rule names the loans too.
        var issues = e.Issues.Select(i => i with { Line = i.Line + 1 }).ToList();
        return new DataValidationException(Path.GetFileName(path), issues, e.TotalIssues);
    }

    /// <summary>Tool version, inputs with SHA-256, counts and every parameter; the only output with a timestamp.</summary>
    private static void WriteManifest(Stream stream, OutputDirectory output, string bookPath, string? factorPath, PortfolioCapitalResult result,
        IReadOnlyList<IReadOnlyList<string>> by, int threads, Action<Utf8JsonWriter> sinks, Action<Utf8JsonWriter>? cluster)
    {
        var r = result.MonteCarlo;
        var profit = result.Options.Valuation.Profitability;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "valuecore capital");
        json.WriteString("version", CommandLine.Version);
        json.WriteString("created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartArray("inputs");
        foreach (var path in new[] { bookPath, factorPath })
        {
            if (path is null)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("file", InputRecord.FileOf(path));
            InputRecord.WriteSha256(json, path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("loans", r.Exposures.Count);
        json.WriteNumber("obligors", r.Obligors);
        json.WriteStartObject("parameters");
        json.WriteNumber("scenarios", r.Scenarios);
        json.WriteNumber("seed", r.Options.Seed);
        json.WriteNumber("confidence", r.Confidence);
        json.WriteStartArray("quantiles");
        foreach (var q in r.Quantiles)
        {
            json.WriteNumberValue(q.Level);
        }

        json.WriteEndArray();
        json.WriteString("copula", PortfolioCapitalCsv.CopulaText(r.Options.Copula));
        json.WriteNumber("df", r.Options.DegreesOfFreedom);
        json.WriteBoolean("importance_sampling", r.Options.ImportanceSampling);
        json.WriteNumber("var_window", r.Options.VarWindow ?? ((1.0 - r.Confidence) / 2.0));
        json.WriteString("allocation", PortfolioCapitalCsv.AllocationText(result.Options.Allocation));
        json.WriteString("by", string.Join(';', by.Select(g => string.Join(',', g)))); // groupings separated by ';'
        json.WriteNumber("hurdle", profit.Hurdle);
        json.WriteNumber("tax_rate", profit.TaxRate);
        json.WriteNumber("capital_rate", profit.CapitalRate);
        json.WriteNumber("threads", threads);
        if (result.Options.Granularity is GranularityOptions ga)
        {
            json.WriteBoolean("granularity", true);
            json.WriteNumber("granularity_factor_precision", ga.FactorPrecision);
            json.WriteNumber("granularity_lgd_volatility", ga.LgdVolatility);
        }

        json.WriteEndObject();
        if (result.Granularity is GranularityResult g)
        {
            json.WriteNumber("asrf_ec", g.AsrfCapital);
            json.WriteNumber("granularity_adjustment", g.Adjustment);
            json.WriteNumber("asrf_ec_plus_ga", g.AdjustedCapital);
        }

        sinks(json);
        cluster?.Invoke(json); // which silo ran which block: in the manifest only, never in the results
        output.WriteFileList(json);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
