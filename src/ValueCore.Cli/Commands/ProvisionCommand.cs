using System.Globalization;
using System.Text;
using ValueCore.IO;
using ValueCore.IO.Migration;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore provision migration|ecl</c>: migration-model collective provisions and IFRS 9 expected credit loss.</summary>
internal static class ProvisionCommand
{
    private static readonly IReadOnlyList<OptionSpec> BookOptionSpecs = BookOptions.Specs("loan book CSV (docs/loan-book.md; extra columns in docs/provisions.md)");
    private static readonly OptionSpec MatrixOption = new("matrix", "FILE", "one-year transition matrix CSV: from,<states>");
    private static readonly OptionSpec MatricesOption = new("matrices", "DIR", "per-segment matrices: DIR/<segment>.csv (with --matrix-by segment); --matrix is the fallback");
    private static readonly OptionSpec MatrixByOption = new("matrix-by", "COLUMN", "segment (the only grouping for per-segment matrices)");
    private static readonly OptionSpec DefaultStatesOption = new("default-states", "LIST", "states that count as default (default: the matrix's absorbing states)");
    private static readonly OptionSpec AbsorbingOption = new("absorbing", "LIST", "absorbing states of the matrix files (default: the last state)");
    private static readonly OptionSpec OutOption = new("out", "DIR", "output folder (written all-or-nothing)", Required: true);
    private static readonly OptionSpec ThreadsOption = new("threads", "N", "worker threads (default: all cores); results do not depend on it");

    public static CommandSpec Migration { get; } = new("provision migration",
        "Collective provisions from migration matrices: EAD x PD_h(class) x LGD per loan, totals by class and segment.",
        [
            .. BookOptionSpecs, MatrixOption, MatrixByOption, MatricesOption, new("generator", "FILE", "generator CSV (per year) instead of --matrix"),
            new("horizon", "YEARS", "loss-emergence period h in years (default 1; fractions via the generator or the matrix interpolation)"),
            DefaultStatesOption, AbsorbingOption,
            new("provision-defaulted", null, "provision loans already in a default state at LGD x EAD (default: flag them for individual assessment)"),
            OutOption, ThreadsOption,
            .. TableOutputOptions.Specs(),
        ],
        RunMigration,
        "Writes loans.csv, by_class.csv, by_segment.csv, summary.txt and manifest.json (and rejected.csv with --skip-invalid),\n" +
        "streaming the book. See docs/provisions.md.");

    public static CommandSpec Ecl { get; } = new("provision ecl",
        "IFRS 9 staging and 12-month / lifetime expected credit loss from a Markov chain, with forward-looking scenarios.",
        [
            .. BookOptionSpecs, MatrixOption, new("generator", "FILE", "generator CSV (per year) instead of --matrix"), MatrixByOption, MatricesOption,
            DefaultStatesOption, AbsorbingOption,
            new("watch-states", "LIST", "classifications that mean stage 2 (default: special_mention when it is a state)"),
            new("scenarios", "FILE", "scenario,weight[,year],z or scenario,weight,matrix (weights sum to 1)"),
            new("rho", "R", "asset correlation of the Z-shift, in [0, 1) (needed by z scenarios)"),
            new("reversion-years", "N", "years after a z scenario's last year over which Z fades to the TTC matrix, 0 = at once (default 2)"),
            new("as-of", "DATE", "reporting date yyyy-MM-dd (needed with maturity_date)"),
            new("periods", "NAME", "yearly (default), quarterly or monthly"),
            new("prepayment", "RATE", "annual prepayment rate, in [0, 1) (default 0)"),
            new("amortisation", "NAME", "bullet, linear or annuity for a book without an amortisation column"),
            new("sicr-relative", "R", "lifetime-PD test: PD_now > R x pd_origination (default 2)"),
            new("sicr-absolute", "A", "lifetime-PD test: PD_now - pd_origination > A (default 0.005)"),
            new("opening-book", "FILE", "the book at the previous reporting date: writes movement.csv (opening to closing allowance; must be valid)"),
            OutOption, ThreadsOption,
            .. TableOutputOptions.Specs(),
        ],
        RunEcl,
        "Writes loans.csv, by_stage.csv, by_segment.csv, scenarios.csv (with --scenarios), movement.csv (with --opening-book)\n" +
        "summary.txt and manifest.json (and rejected.csv with --skip-invalid), streaming the book. See docs/provisions.md.");

    private static string N(double v) => CsvText.Number(v);

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

    /// <summary>The default-state-absorbed model of each segment (key "" when one model serves all).</summary>
    private sealed record Models(Dictionary<string, ITransitionModel> BySegment, ITransitionModel? Fallback, IReadOnlyList<string> DefaultStates, List<string> Assumptions)
    {
        public ITransitionModel? For(string segment) => BySegment.GetValueOrDefault(segment) ?? Fallback;
    }

    private static ITransitionModel Absorb(ITransitionModel m, IReadOnlyList<string> defaults) => m switch
    {
        TransitionMatrix t => Guard(() => DefaultStates.Absorb(t, defaults)),
        Generator g => Guard(() => DefaultStates.Absorb(g, defaults)),
        _ => m,
    };

    private static List<string> Defaults(CliArgs args, ITransitionModel m)
    {
        var d = args.GetList("default-states");
        return d.Count > 0 ? [.. d] : [.. Enumerable.Range(0, m.States.Count).Where(m.States.IsAbsorbing).Select(i => m.States[i])];
    }

    private static Models ReadModels(CliArgs args, string bookPath)
    {
        var absorbing = args.GetList("absorbing");
        bool hasMatrix = args.Has("matrix"), hasGenerator = args.Has("generator"), hasDir = args.Has("matrices");
        if (hasMatrix && hasGenerator)
        {
            throw new UsageException("give --matrix or --generator, not both");
        }

        if (!hasMatrix && !hasGenerator && !hasDir)
        {
            throw new UsageException("give --matrix FILE, --generator FILE or --matrix-by segment --matrices DIR");
        }

        if ((hasDir || args.Has("matrix-by")) && (args.Get("matrix-by") != "segment" || !hasDir))
        {
            throw new UsageException("per-segment matrices need both --matrix-by segment and --matrices DIR");
        }

        var notes = new List<string>();
        ITransitionModel? fallback = null;
        if (hasMatrix || hasGenerator)
        {
            string path = hasMatrix ? args.RequireFile("matrix") : args.RequireFile("generator");
            fallback = hasMatrix ? MigrationCsv.ReadOneYearMatrix(path, absorbing, notes) : MigrationCsv.ReadGenerator(path, absorbing);
            notes.Add(hasMatrix
                ? $"Migration model: one-year matrix {Path.GetFileName(path)}; horizons by matrix powers, linear interpolation within a year."
                : $"Migration model: generator {Path.GetFileName(path)}; P(t) = exp(t Lambda) at period ends, linear interpolation between them.");
        }

        IReadOnlyList<string>? defaults = fallback is null ? null : Defaults(args, fallback);
        var bySegment = new Dictionary<string, ITransitionModel>(StringComparer.Ordinal);
        if (hasDir)
        {
            string dir = args.Require("matrices");
            if (!Directory.Exists(dir))
            {
                throw new UsageException($"--matrices {dir}: no such folder");
            }

            foreach (var segment in ProvisionBookCsv.Segments(bookPath))
            {
                string file = Path.Combine(dir, segment + ".csv");
                if (File.Exists(file))
                {
                    var m = MigrationCsv.ReadOneYearMatrix(file, absorbing, notes);
                    defaults ??= Defaults(args, m);
                    bySegment[segment] = Absorb(m, defaults);
                    notes.Add($"Segment {segment}: matrix {segment}.csv.");
                }
                else if (fallback is null)
                {
                    throw new InvalidInputException($"{dir}: no matrix {segment}.csv for segment '{segment}' and no --matrix fallback");
                }
                else
                {
                    notes.Add($"Segment {segment}: no {segment}.csv, the --matrix fallback is used.");
                }
            }
        }

        defaults ??= [];
        if (fallback is not null)
        {
            fallback = Absorb(fallback, defaults);
        }

        notes.Add($"Default states: {string.Join(", ", defaults)} (made absorbing: PDs are first-passage probabilities into them).");
        return new Models(bySegment, fallback, defaults, notes);
    }

    /// <summary>How the Z of a scenario reverts after its last year, as summary.txt and manifest.json state it.</summary>
    private static string Reversion(int years) => years == 0
        ? "from the year after (0 reversion years)"
        : FormattableString.Invariant($"over {years} years (forecast weight in Z 1 - j/{years + 1} in year j after the last, TTC from year {years + 1} after)");

    private static void RequireTermOrAsOf(string path, DateOnly? asOf)
    {
        var names = LoanBookCsv.ReadHeader(path).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.Contains("term") && !names.Contains("remaining_term") && names.Contains("maturity_date") && asOf is null)
        {
            throw new UsageException("maturity_date needs --as-of DATE (the reporting date)");
        }
    }

    private static int Threads(CliArgs args)
    {
        int threads = args.GetInt("threads", -1, -1, 1024);
        return threads == 0 ? throw new UsageException("--threads must be -1 or positive") : threads;
    }

    /// <summary>Every option as given, for manifest.json.</summary>
    private static Dictionary<string, string> Parameters(CliArgs args, CommandSpec spec)
    {
        var p = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in spec.Options)
        {
            if (o.Name is "book" or "out" or "threads" or "out-db" or "db" || !args.Has(o.Name)) // out-db, db: a connection string holds a password (the book's db_source records the rest)
            {
                continue;
            }

            p["option_" + o.Name.Replace('-', '_')] = o.ValueName is null ? "true" : args.Get(o.Name) ?? "";
        }

        return p;
    }

    /// <summary>The matrix, generator and per-segment folder, by role, for manifest.json.</summary>
    private static List<KeyValuePair<string, string>> ModelFiles(CliArgs args)
    {
        var files = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "matrix", "generator", "matrices" })
        {
            if (args.Get(name) is { } path)
            {
                files.Add(new(name, path));
            }
        }

        return files;
    }

    private static int RunMigration(CliArgs args, CliContext ctx)
    {
        double horizon = args.GetDouble("horizon", 1.0, 1e-9, 1000);
        string outDir = args.Require("out");
        string bookPath = BookOptions.RequireBook(args, ctx);
        var models = ReadModels(args, bookPath);
        var options = new CollectiveProvisionJobOptions
        {
            BookPath = bookPath,
            OutputDirectory = outDir,
            SegmentModels = models.BySegment,
            Model = models.Fallback,
            HorizonYears = horizon,
            ProvisionDefaulted = args.Has("provision-defaulted"),
            SkipInvalid = BookOptions.SkipInvalid(args),
            Csv = BookOptions.Read(args, bookPath),
            Assumptions = models.Assumptions,
            InputFiles = ModelFiles(args),
            ManifestParameters = Parameters(args, Migration),
            Timestamp = DateTimeOffset.UtcNow,
            MaxDegreeOfParallelism = Threads(args),
            Tables = TableOutputOptions.Read(args),
        };
        var progress = Progress.For(ctx, args, "provision migration: valuing the book", Progress.BookBytes(bookPath), "bytes");
        var s = Guard(() => CollectiveProvisionCsvJob.Run(options with { Progress = progress }));
        progress?.Done();
        PrintRejects(ctx, s, options.SkipInvalid, outDir);
        ctx.Out.WriteLine(FormattableString.Invariant($"{ConsoleNumbers.Count(s.RowsValued)} loans, provision {ConsoleNumbers.Amount(s.Total)}; wrote {ValueCore.Batch.Sinks.ResultTables.FileName("loans.csv", options.Tables.Format)}, {ValueCore.Batch.Sinks.ResultTables.FileName("by_class.csv", options.Tables.Format)}, {ValueCore.Batch.Sinks.ResultTables.FileName("by_segment.csv", options.Tables.Format)}, summary.txt, manifest.json{(options.SkipInvalid ? ", rejected.csv" : "")} to {outDir}"));
        PrintRows(ctx, s, options.SkipInvalid);
        BookOptions.RequireValued("provision migration", s.Source, s.RowsRead, s.RowsValued);
        return ExitCodes.Success;
    }

    private static int RunEcl(CliArgs args, CliContext ctx)
    {
        string outDir = args.Require("out");
        string bookPath = BookOptions.RequireBook(args, ctx);
        int p = (args.Get("periods") ?? "yearly") switch
        {
            "yearly" => 1,
            "quarterly" => 4,
            "monthly" => 12,
            var v => throw new UsageException($"--periods = {v} must be yearly, quarterly or monthly"),
        };
        double prepay = args.GetDouble("prepayment", 0, 0, 1 - 1e-12);
        var rules = new StagingRules
        {
            RelativeThreshold = args.GetDouble("sicr-relative", 2.0, 1, 1000),
            AbsoluteThreshold = args.GetDouble("sicr-absolute", 0.005, 0, 1),
        };
        EadProfile? defaultProfile = args.Get("amortisation") is { } am
            ? am switch
            {
                "bullet" => EadProfile.Bullet,
                "linear" => EadProfile.Linear,
                "annuity" => EadProfile.Annuity,
                _ => throw new UsageException($"--amortisation = {am} must be bullet, linear or annuity"),
            }
            : null;
        DateOnly? asOf = null;
        if (args.Get("as-of") is { } asOfText)
        {
            asOf = DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new UsageException($"--as-of = {asOfText} must be a date yyyy-MM-dd");
        }

        string? openPath = args.Has("opening-book") ? args.RequireFile("opening-book") : null;
        RequireTermOrAsOf(bookPath, asOf);
        if (openPath is not null)
        {
            RequireTermOrAsOf(openPath, asOf);
        }

        var models = ReadModels(args, bookPath);
        List<EclScenarioCsv.Scenario> scenarios = [];
        string? scenarioSource = null;
        var inputs = ModelFiles(args);
        if (args.Has("scenarios"))
        {
            string sp = args.RequireFile("scenarios");
            scenarioSource = Path.GetFileName(sp);
            var sIssues = new List<DataIssue>();
            scenarios = EclScenarioCsv.Read(sp, sIssues);
            Throw(scenarioSource, sIssues);
            inputs.Add(new("scenarios", sp));
            foreach (var s in scenarios.Where(s => s.MatrixPath is not null))
            {
                inputs.Add(new("scenario_matrix", s.MatrixPath!));
            }
        }

        double? rho = args.GetDoubleOrNull("rho", 0, 1 - 1e-12);
        if (scenarios.Any(s => s.MatrixPath is null) && rho is null)
        {
            throw new UsageException("Z-shift scenarios need --rho");
        }

        int reversion = args.GetInt("reversion-years", ZShift.DefaultReversionYears, 0, 100);

        // The opening book's segments may need models of their own (same files, same rules).
        var segmentModels = new Dictionary<string, ITransitionModel>(models.BySegment, StringComparer.Ordinal);
        if (openPath is not null && args.Has("matrices"))
        {
            foreach (var (segment, m) in ReadModels(args, openPath).BySegment)
            {
                segmentModels.TryAdd(segment, m);
            }
        }

        // Curves per (model, scenario), once, over the longest remaining term allowed.
        var built = new Dictionary<ITransitionModel, EclModel>();
        EclModel Build(ITransitionModel m)
        {
            if (built.TryGetValue(m, out var e))
            {
                return e;
            }

            var curves = new List<PDCurveSet>();
            for (int s = 0; s < Math.Max(1, scenarios.Count); s++)
            {
                IReadOnlyList<ITransitionModel> yearModels;
                if (scenarios.Count == 0)
                {
                    yearModels = [m];
                }
                else if (scenarios[s].MatrixPath is { } mp)
                {
                    var rm = Absorb(MigrationCsv.ReadOneYearMatrix(mp, args.GetList("absorbing"), models.Assumptions), models.DefaultStates);
                    if (!rm.States.Equals(m.States))
                    {
                        throw new InvalidInputException($"{scenarioSource}:{scenarios[s].Line}: matrix {Path.GetFileName(mp)} has states ({rm.States}), not those of the book's matrix ({m.States})");
                    }

                    yearModels = [rm];
                }
                else
                {
                    var zs = scenarios[s].Z;
                    yearModels = Guard(() => ZShift.YearModels(m, rho!.Value, zs, reversion));
                }

                curves.Add(Guard(() => PDCurveSet.Create(yearModels, p, EclCsvJob.MaxRemainingYears)));
            }

            e = new EclModel(m, curves);
            built[m] = e;
            return e;
        }

        var watch = args.GetList("watch-states");
        var manifestParameters = Parameters(args, Ecl);
        if (scenarios.Any(s => s.MatrixPath is null))
        {
            manifestParameters["reversion_years"] = reversion.ToString(CultureInfo.InvariantCulture);
        }

        var options = new EclJobOptions
        {
            BookPath = bookPath,
            OutputDirectory = outDir,
            SegmentModels = segmentModels.ToDictionary(kv => kv.Key, kv => Build(kv.Value), StringComparer.Ordinal),
            Model = models.Fallback is null ? null : Build(models.Fallback),
            Scenarios = [.. scenarios.Select(s => new EclScenario(s.Name, s.Weight, s.MatrixPath is null
                ? $"Z by year ({string.Join(" ", s.Z.Select(N))}), then reverting to the TTC model {Reversion(reversion)}"
                : $"replacement matrix {Path.GetFileName(s.MatrixPath)}"))],
            WatchStates = watch.Count > 0 ? [.. watch] : ["special_mention"],
            AsOf = asOf,
            PeriodsPerYear = p,
            PrepaymentRate = prepay,
            Amortisation = defaultProfile,
            Staging = rules,
            OpeningBookPath = openPath,
            Tables = TableOutputOptions.Read(args),
            SkipInvalid = BookOptions.SkipInvalid(args),
            Csv = BookOptions.Read(args, bookPath),
            Assumptions = models.Assumptions,
            InputFiles = inputs,
            ManifestParameters = manifestParameters,
            Timestamp = DateTimeOffset.UtcNow,
            MaxDegreeOfParallelism = Threads(args),
        };
        var progress = Progress.For(ctx, args, "provision ecl: valuing the book", Progress.BookBytes(bookPath), "bytes");
        var summary = Guard(() => EclCsvJob.Run(options with { Progress = progress }));
        progress?.Done();
        PrintRejects(ctx, summary, options.SkipInvalid, outDir);
        ctx.Out.WriteLine($"{ConsoleNumbers.Count(summary.RowsValued)} loans, ECL {ConsoleNumbers.Amount(summary.Total)}; ECL LGD from lgd (no ecl_lgd) for {ConsoleNumbers.Count(summary.EclLgdFallbacks)} loans; wrote {ValueCore.Batch.Sinks.ResultTables.FileName("loans.csv", options.Tables.Format)}, {ValueCore.Batch.Sinks.ResultTables.FileName("by_stage.csv", options.Tables.Format)}, {ValueCore.Batch.Sinks.ResultTables.FileName("by_segment.csv", options.Tables.Format)}{(scenarios.Count > 0 ? ", scenarios.csv" : "")}{(openPath is not null ? ", movement.csv" : "")}, summary.txt, manifest.json{(options.SkipInvalid ? ", rejected.csv" : "")} to {outDir}");
        PrintRows(ctx, summary, options.SkipInvalid);
        BookOptions.RequireValued("provision ecl", summary.Source, summary.RowsRead, summary.RowsValued);
        return ExitCodes.Success;
    }

    /// <summary>With --skip-invalid: the problems of the rejected rows on the error stream, as the raroc command lists them.</summary>
    private static void PrintRejects(CliContext ctx, ProvisionJobSummary s, bool skipInvalid, string outDir)
    {
        if (!skipInvalid || s.IssueCount == 0)
        {
            return;
        }

        foreach (var issue in BookOptions.NameDbRows(s.Issues, s.Source))
        {
            ctx.Error.WriteLine(issue.Format(s.Source));
        }

        ctx.Error.WriteLine(FormattableString.Invariant($"{s.Source}: {s.IssueCount} problem(s) in {s.RowsRejected} row(s){(s.IssueCount > s.Issues.Count ? $" ({s.Issues.Count} listed)" : "")}; all are in {Path.Combine(outDir, "rejected.csv")}."));
    }

    /// <summary>With --skip-invalid: the row reconciliation (read = measured + rejected).</summary>
    private static void PrintRows(CliContext ctx, ProvisionJobSummary s, bool skipInvalid)
    {
        if (skipInvalid)
        {
            ctx.Out.WriteLine(FormattableString.Invariant($"  loans read {ConsoleNumbers.Count(s.RowsRead)} = measured {ConsoleNumbers.Count(s.RowsValued)} + rejected {ConsoleNumbers.Count(s.RowsRejected)}{(s.BlankLines > 0 ? $"; blank lines skipped {ConsoleNumbers.Count(s.BlankLines)}" : "")}"));
        }
    }

    private static void Throw(string source, List<DataIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new DataValidationException(source, [.. issues.OrderBy(i => i.Line).Take(DataValidationException.MaxListed)], issues.Count);
        }
    }
}
