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
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore capital</c>: portfolio economic capital by Monte Carlo, allocated to every loan.</summary>
internal static class CapitalCommand
{
    private const long ProgressThreshold = 2_000_000_000; // obligor-scenarios above which progress is shown

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
    ], Run,
    "Loans with the same customer_id are one obligor and default together. Results are bit-identical for a seed on any number of threads.\n" +
    "Ctrl+C stops the run; nothing is written then.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string bookPath = args.RequireFile("book");
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
        ulong seed = (ulong)args.GetLong("seed", 42, 0, long.MaxValue);
        long scenarios = args.GetLong("mc-scenarios", 100_000, 1, 1_000_000_000);
        int threads = args.GetInt("threads", -1, -1, 1024);
        if (threads == 0)
        {
            throw new UsageException("--threads must be -1 (all cores) or positive");
        }

        double? window = args.GetDoubleOrNull("var-window", double.Epsilon, 0.49);
        var profit = new ProfitabilityParameters
        {
            Hurdle = args.GetDouble("hurdle", ProfitabilityParameters.Default.Hurdle, -1.0, 10.0),
            TaxRate = args.GetDouble("tax", ProfitabilityParameters.Default.TaxRate, 0.0, 0.999999),
            CapitalRate = args.GetDouble("capital-rate", ProfitabilityParameters.Default.CapitalRate, -1.0, 1.0),
        };
        IReadOnlyList<IReadOnlyList<string>> groupings = args.GetAll("by").Count > 0
            ? [.. args.GetAll("by").Select(b => (IReadOnlyList<string>)b.Split(',', StringSplitOptions.TrimEntries))]
            : [[LoanColumns.Segment]];
        if (groupings.SelectMany(g => g).Any(c => c.Length == 0))
        {
            throw new UsageException("--by has an empty item");
        }

        RarocCommand.RejectRepeatedGrouping(groupings);
        var by = groupings.SelectMany(g => g).Distinct(StringComparer.Ordinal).ToList();
        string? factorPath = args.Has("factors") ? args.RequireFile("factors") : null;

        var attributes = by.Where(c => !IsBookColumn(c)).ToArray();
        var book = LoanBookCsv.Read(bookPath, BookOptions.Read(args, bookPath) with { Attributes = attributes });
        BookOptions.WarnIfPdPercent(ctx, Path.GetFileName(bookPath), !args.Has(BookOptions.PdPercentFlag) && PdScale.LooksLikePercent(book.Pd));
        foreach (var column in by)
        {
            if (!book.TryGetTextColumn(column, out _))
            {
                throw new UsageException($"--by: the book has no text column '{column}'");
            }
        }

        var factors = factorPath is null ? null : FactorFileCsv.Read(factorPath);
        CreditExposures exposures;
        try
        {
            exposures = CreditExposures.Create(book.LoanId, book.CustomerId, book.Segment, book.AssetClass, book.Ead, book.Pd, book.Lgd, book.SalesEurMillions);
        }
        catch (DataValidationException e)
        {
            throw AsFileIssues(e, bookPath);
        }

        var options = new MonteCarloOptions
        {
            Scenarios = scenarios,
            Seed = seed,
            Confidence = confidence,
            QuantileLevels = levels,
            Copula = copula,
            DegreesOfFreedom = args.GetDouble("df", 5.0, 1.0, 1000.0),
            Factors = factors,
            ImportanceSampling = args.Has("importance-sampling"),
            VarWindow = window,
            MaxDegreeOfParallelism = threads,
        };

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        MonteCarloResult result;
        try
        {
            var progress = (long)exposures.ObligorCount * scenarios >= ProgressThreshold ? new ProgressBar(ctx.Error, scenarios) : null;
            result = PortfolioMonteCarlo.Run(exposures, options, progress, cts.Token);
            progress?.Done();
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

        var valuation = PortfolioValuation.Run(book, new ValuationOptions { Profitability = profit }, threads);
        var columns = Columns.Compute(book, valuation, result, allocation, profit);
        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("summary.json"))
            {
                WriteSummary(w, result, columns, allocationText);
            }

            using (var w = output.CreateText("contributions.csv"))
            {
                WriteContributions(w, book, result, columns);
            }

            using (var w = output.CreateText("loss_distribution.csv"))
            {
                WriteDistribution(w, result);
            }

            foreach (var grouping in groupings)
            {
                using var w = output.CreateText("by_" + string.Join('_', grouping) + ".csv");
                WriteGroups(w, book, result, columns, grouping);
            }

            using (var m = output.Create("manifest.json"))
            {
                WriteManifest(m, output, bookPath, factorPath, result, allocationText, groupings, threads, profit);
            }

            output.Commit();
        }

        ctx.Out.WriteLine(
            $"capital: {ConsoleNumbers.Count(book.Count)} loans, {ConsoleNumbers.Count(result.Obligors)} obligors, {ConsoleNumbers.Count(result.Scenarios)} scenarios; EL {ConsoleNumbers.Amount(result.El)}, VaR_{ConsoleNumbers.Plain(result.Confidence)} {ConsoleNumbers.Amount(result.Var)} (se {ConsoleNumbers.Amount(result.VarSe)}), ES {ConsoleNumbers.Amount(result.Es)} (se {ConsoleNumbers.Amount(result.EsSe)}), EC {ConsoleNumbers.Amount(result.Ec)} (se {ConsoleNumbers.Amount(result.EcSe)}); standalone IRB EC {ConsoleNumbers.Amount(columns.StandaloneEcTotal)}");
        return ExitCodes.Success;
    }

    private static bool IsBookColumn(string name) => name is LoanColumns.LoanId or LoanColumns.Segment or LoanColumns.AssetClass
        or LoanColumns.CustomerId or LoanColumns.Product or LoanColumns.Classification;

    private static DataValidationException AsFileIssues(DataValidationException e, string path)
    {
        // Record r of the book is line r + 1 when the file has no blank lines or quoted line breaks; the rule names the loans too.
        var issues = e.Issues.Select(i => i with { Line = i.Line + 1 }).ToList();
        return new DataValidationException(Path.GetFileName(path), issues, e.TotalIssues);
    }

    private sealed class Columns
    {
        public required double[] StandaloneEc { get; init; }
        public required double[] DiversifiedEc { get; init; }
        public required double[] StandaloneReturn { get; init; }
        public required double[] DiversifiedReturn { get; init; }
        public required double[] StandaloneEva { get; init; }
        public required double[] DiversifiedEva { get; init; }
        public required double[] El { get; init; }
        public required double[] Hurdle { get; init; }
        public double StandaloneEcTotal => StandaloneEc.Sum();

        public static Columns Compute(LoanBook book, PortfolioResult valuation, MonteCarloResult result, CapitalAllocation allocation, ProfitabilityParameters p)
        {
            int n = book.Count;
            var div = result.AllocatedCapital(allocation);
            var ret = new double[n];
            var eva = new double[n];
            var h = new double[n];
            for (int i = 0; i < n; i++)
            {
                double pre = RiskAdjustedReturn.PreTaxReturn(valuation.Revenue[i], book.Opex[i], valuation.El[i], div[i], p.CapitalRate);
                ret[i] = RiskAdjustedReturn.AfterTax(pre, p.TaxRate);
                h[i] = p.Hurdle;
                eva[i] = ret[i] - (p.Hurdle * div[i]);
            }

            return new Columns
            {
                StandaloneEc = valuation.Ec.ToArray(),
                DiversifiedEc = div,
                StandaloneReturn = valuation.Return.ToArray(),
                DiversifiedReturn = ret,
                StandaloneEva = valuation.Eva.ToArray(),
                DiversifiedEva = eva,
                El = valuation.El.ToArray(),
                Hurdle = h,
            };
        }
    }

    private static double Ratio(double num, double den) => den > 0.0 ? num / den : double.NaN;

    private static void WriteSummary(StreamWriter w, MonteCarloResult r, Columns c, string allocation)
    {
        using var json = new Utf8JsonWriter(w.BaseStream, new JsonWriterOptions { Indented = true });
        // A figure that is not defined (a ratio over EC <= 0) is JSON null, never a raw NaN or an empty value.
        void Num(string name, double v)
        {
            json.WritePropertyName(name);
            if (double.IsFinite(v))
            {
                json.WriteRawValue(CsvText.Number(v), skipInputValidation: true);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        w.Flush();
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
        json.WriteString("copula", r.Options.Copula == CopulaKind.StudentT ? "t" : "gaussian");
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
        json.WriteString("allocation", allocation);
        double standalone = c.StandaloneEc.Sum();
        Num("standalone_irb_ec", standalone);
        Num("diversified_ec", c.DiversifiedEc.Sum());
        Num("diversification_benefit", standalone - c.DiversifiedEc.Sum());
        Num("standalone_raroc", Ratio(c.StandaloneReturn.Sum(), standalone));
        Num("diversified_raroc", Ratio(c.DiversifiedReturn.Sum(), c.DiversifiedEc.Sum()));
        Num("standalone_eva", c.StandaloneEva.Sum());
        Num("diversified_eva", c.DiversifiedEva.Sum());
        json.WriteEndObject();
        json.Flush();
        w.BaseStream.WriteByte((byte)'\n');
    }

    /// <summary>Tool version, inputs with SHA-256, counts and every parameter; the only output with a timestamp.</summary>
    private static void WriteManifest(Stream stream, OutputDirectory output, string bookPath, string? factorPath, MonteCarloResult r, string allocation,
        IReadOnlyList<IReadOnlyList<string>> by, int threads, ProfitabilityParameters profit)
    {
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
            json.WriteString("file", Path.GetFileName(path));
            json.WriteString("sha256", OutputDirectory.Sha256(path));
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
        json.WriteString("copula", r.Options.Copula == CopulaKind.StudentT ? "t" : "gaussian");
        json.WriteNumber("df", r.Options.DegreesOfFreedom);
        json.WriteBoolean("importance_sampling", r.Options.ImportanceSampling);
        json.WriteNumber("var_window", r.Options.VarWindow ?? ((1.0 - r.Confidence) / 2.0));
        json.WriteString("allocation", allocation);
        json.WriteString("by", string.Join(';', by.Select(g => string.Join(',', g)))); // groupings separated by ';'

        json.WriteNumber("hurdle", profit.Hurdle);
        json.WriteNumber("tax_rate", profit.TaxRate);
        json.WriteNumber("capital_rate", profit.CapitalRate);
        json.WriteNumber("threads", threads);
        json.WriteEndObject();
        output.WriteFileList(json);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteContributions(StreamWriter w, LoanBook book, MonteCarloResult r, Columns c)
    {
        CsvText.WriteLine(w, "loan_id", "customer_id", "segment", "ead", "el", "el_simulated", "es_contribution", "es_contribution_se",
            "var_contribution", "var_contribution_se", "sd_contribution", "sd_contribution_se", "standalone_ec", "diversified_ec",
            "diversification_benefit", "standalone_raroc", "diversified_raroc", "standalone_eva", "diversified_eva");
        for (int i = 0; i < book.Count; i++)
        {
            CsvText.WriteLine(w, CsvText.Field(book.LoanId[i]), CsvText.Field(book.CustomerId[i]), CsvText.Field(book.Segment[i]),
                CsvText.Number(book.Ead[i]), CsvText.Number(c.El[i]), CsvText.Number(r.ElSimulatedContribution[i]), CsvText.Number(r.EsContribution[i]),
                CsvText.Number(r.EsContributionSe[i]), CsvText.Number(r.VarContribution[i]), CsvText.Number(r.VarContributionSe[i]),
                CsvText.Number(r.SdContribution[i]), CsvText.Number(r.SdContributionSe[i]), CsvText.Number(c.StandaloneEc[i]),
                CsvText.Number(c.DiversifiedEc[i]), CsvText.Number(c.StandaloneEc[i] - c.DiversifiedEc[i]),
                CsvText.Number(Ratio(c.StandaloneReturn[i], c.StandaloneEc[i])), CsvText.Number(Ratio(c.DiversifiedReturn[i], c.DiversifiedEc[i])),
                CsvText.Number(c.StandaloneEva[i]), CsvText.Number(c.DiversifiedEva[i]));
        }
    }

    private static void WriteDistribution(StreamWriter w, MonteCarloResult r)
    {
        CsvText.WriteLine(w, "kind", "level", "loss", "standard_error", "bin_lower", "bin_upper", "probability");
        foreach (var q in r.Quantiles)
        {
            CsvText.WriteLine(w, "quantile", CsvText.Number(q.Level), CsvText.Number(q.Loss), CsvText.Number(q.StandardError), "", "", "");
        }

        foreach (var b in r.Histogram)
        {
            CsvText.WriteLine(w, "histogram", "", "", "", CsvText.Number(b.Lower), CsvText.Number(b.Upper), CsvText.Number(b.Probability));
        }
    }

    private static void WriteGroups(StreamWriter w, LoanBook book, MonteCarloResult r, Columns c, IReadOnlyList<string> by)
    {
        var keyColumns = by.Select(book.TextColumn).ToArray();
        const int M = 11;
        var groups = new SortedDictionary<string, (string[] Keys, long Loans, double[] Sums)>(StringComparer.Ordinal);
        for (int i = 0; i < book.Count; i++)
        {
            var keys = keyColumns.Select(k => k[i]).ToArray();
            string key = string.Join('\u001f', keys);
            if (!groups.TryGetValue(key, out var g))
            {
                g = (keys, 0, new double[M]);
            }

            var s = g.Sums;
            s[0] += book.Ead[i];
            s[1] += c.El[i];
            s[2] += r.ElSimulatedContribution[i];
            s[3] += r.EsContribution[i];
            s[4] += r.VarContribution[i];
            s[5] += r.SdContribution[i];
            s[6] += c.StandaloneEc[i];
            s[7] += c.DiversifiedEc[i];
            s[8] += c.StandaloneReturn[i];
            s[9] += c.DiversifiedReturn[i];
            s[10] += c.StandaloneEva[i] - c.DiversifiedEva[i];
            groups[key] = (keys, g.Loans + 1, s);
        }

        CsvText.WriteLine(w, [.. by, "loans", "ead", "el", "el_simulated", "es_contribution", "var_contribution", "sd_contribution", "standalone_ec",
            "diversified_ec", "diversification_benefit", "standalone_raroc", "diversified_raroc", "standalone_eva", "diversified_eva"]);
        foreach (var (_, (keys, loans, s)) in groups)
        {
            double standaloneEva = s[8] - (c.Hurdle[0] * s[6]);
            double diversifiedEva = s[9] - (c.Hurdle[0] * s[7]);
            CsvText.WriteLine(w, [.. keys.Select(CsvText.Field), loans.ToString(CultureInfo.InvariantCulture), CsvText.Number(s[0]), CsvText.Number(s[1]),
                CsvText.Number(s[2]), CsvText.Number(s[3]), CsvText.Number(s[4]), CsvText.Number(s[5]), CsvText.Number(s[6]), CsvText.Number(s[7]),
                CsvText.Number(s[6] - s[7]), CsvText.Number(Ratio(s[8], s[6])), CsvText.Number(Ratio(s[9], s[7])), CsvText.Number(standaloneEva),
                CsvText.Number(diversifiedEva)]);
        }
    }

    /// <summary>Progress on stderr, at most every two seconds: share done and an estimate of the time left.</summary>
    private sealed class ProgressBar(TextWriter error, long total) : IProgress<long>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastTick = -1;

        public void Report(long value)
        {
            long tick = _clock.ElapsedMilliseconds / 2000;
            if (tick == Interlocked.Read(ref _lastTick) || Interlocked.Exchange(ref _lastTick, tick) == tick)
            {
                return;
            }

            double share = (double)value / total;
            double left = share > 0 ? _clock.Elapsed.TotalSeconds * (1 - share) / share : double.NaN;
            int filled = (int)(share * 30);
            lock (error)
            {
                error.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\rcapital [{new string('#', filled)}{new string('.', 30 - filled)}] {share * 100,5:F1}%  about {left:F0} s left "));
            }
        }

        public void Done()
        {
            lock (error)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\rcapital: simulated {total} scenarios in {_clock.Elapsed.TotalSeconds:F1} s{new string(' ', 30)}"));
            }
        }
    }
}
