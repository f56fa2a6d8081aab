using System.Globalization;
using System.Text;
using ValueCore.IO;
using ValueCore.IO.Migration;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore provision migration|ecl</c>: migration-model collective provisions and IFRS 9 expected credit loss.</summary>
internal static class ProvisionCommand
{
    private const int ChunkSize = 1 << 16;
    private const double WeightTolerance = 1e-9;
    private const double DaysPerYear = 365.25;

    private static readonly OptionSpec BookOption = new("book", "FILE", "loan book CSV (docs/loan-book.md; extra columns in docs/provisions.md)", Required: true);
    private static readonly OptionSpec MatrixOption = new("matrix", "FILE", "one-year transition matrix CSV: from,<states>");
    private static readonly OptionSpec MatricesOption = new("matrices", "DIR", "per-segment matrices: DIR/<segment>.csv (with --matrix-by segment); --matrix is the fallback");
    private static readonly OptionSpec MatrixByOption = new("matrix-by", "COLUMN", "segment (the only grouping for per-segment matrices)");
    private static readonly OptionSpec DefaultStatesOption = new("default-states", "LIST", "states that count as default (default: the matrix's absorbing states)");
    private static readonly OptionSpec AbsorbingOption = new("absorbing", "LIST", "absorbing states of the matrix files (default: the last state)");
    private static readonly OptionSpec OutOption = new("out", "DIR", "output folder (written all-or-nothing)", Required: true);

    public static CommandSpec Migration { get; } = new("provision migration",
        "Collective provisions from migration matrices: EAD x PD_h(class) x LGD per loan, totals by class and segment.",
        [
            BookOption, MatrixOption, MatrixByOption, MatricesOption, new("generator", "FILE", "generator CSV (per year) instead of --matrix"),
            new("horizon", "YEARS", "loss-emergence period h in years (default 1; fractions via the generator or the matrix interpolation)"),
            DefaultStatesOption, AbsorbingOption,
            new("provision-defaulted", null, "provision loans already in a default state at LGD x EAD (default: flag them for individual assessment)"),
            OutOption,
        ],
        RunMigration,
        "Writes loans.csv, by_class.csv, by_segment.csv and summary.txt. See docs/provisions.md.");

    public static CommandSpec Ecl { get; } = new("provision ecl",
        "IFRS 9 staging and 12-month / lifetime expected credit loss from a Markov chain, with forward-looking scenarios.",
        [
            BookOption, MatrixOption, new("generator", "FILE", "generator CSV (per year) instead of --matrix"), MatrixByOption, MatricesOption,
            DefaultStatesOption, AbsorbingOption,
            new("watch-states", "LIST", "classifications that mean stage 2 (default: special_mention when it is a state)"),
            new("scenarios", "FILE", "scenario,weight[,year],z or scenario,weight,matrix (weights sum to 1)"),
            new("rho", "R", "asset correlation of the Z-shift, in [0, 1) (needed by z scenarios)"),
            new("as-of", "DATE", "reporting date yyyy-MM-dd (needed with maturity_date)"),
            new("periods", "NAME", "yearly (default), quarterly or monthly"),
            new("prepayment", "RATE", "annual prepayment rate, in [0, 1) (default 0)"),
            new("amortisation", "NAME", "bullet, linear or annuity for a book without an amortisation column"),
            new("sicr-relative", "R", "lifetime-PD test: PD_now > R x pd_origination (default 2)"),
            new("sicr-absolute", "A", "lifetime-PD test: PD_now - pd_origination > A (default 0.005)"),
            new("opening-book", "FILE", "the book at the previous reporting date: writes movement.csv (opening to closing allowance)"),
            OutOption,
        ],
        RunEcl,
        "Writes loans.csv, by_stage.csv, by_segment.csv, scenarios.csv (with --scenarios), movement.csv (with --opening-book)\n" +
        "and summary.txt. See docs/provisions.md.");

    private static string N(double v) => CsvText.Number(v);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidInputException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException(e.Message);
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

    private static Models ReadModels(CliArgs args, LoanBook book)
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
            fallback = hasMatrix ? MigrationCsv.ReadMatrix(path, absorbing) : MigrationCsv.ReadGenerator(path, absorbing);
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

            foreach (var segment in book.Segment.ToArray().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                string file = Path.Combine(dir, segment + ".csv");
                if (File.Exists(file))
                {
                    var m = MigrationCsv.ReadMatrix(file, absorbing);
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

    /// <summary>Checks each loan's classification against its segment's states; returns state indices.</summary>
    private static int[] States(LoanBook book, long[] lines, Models models, List<DataIssue> issues)
    {
        var states = new int[book.Count];
        var segment = book.Segment;
        var cls = book.Classification;
        for (int i = 0; i < book.Count; i++)
        {
            var m = models.For(segment[i])!;
            int s = m.States.IndexOf(cls[i]);
            if (s < 0)
            {
                issues.Add(new DataIssue(lines[i], LoanColumns.Classification, cls[i],
                    $"is not a state of the matrix for segment '{segment[i]}' ({m.States})"));
            }

            states[i] = s;
        }

        return states;
    }

    private static void Throw(string source, List<DataIssue> issues)
    {
        if (issues.Count > 0)
        {
            issues.Sort((a, b) => a.Line.CompareTo(b.Line));
            throw new DataValidationException(source, [.. issues.Take(DataValidationException.MaxListed)], issues.Count);
        }
    }

    private static int RunMigration(CliArgs args, CliContext ctx)
    {
        double horizon = args.GetDouble("horizon", 1.0, 1e-9, 1000);
        string outDir = args.Require("out");
        string bookPath = args.RequireFile("book");
        string source = Path.GetFileName(bookPath);
        var book = ProvisionBookCsv.Read(bookPath, [], out long[] lines);
        var models = ReadModels(args, book);
        var issues = new List<DataIssue>();
        var state = States(book, lines, models, issues);
        Throw(source, issues);
        bool atLgd = args.Has("provision-defaulted");
        var pdCache = new Dictionary<ITransitionModel, double[]>();
        int n = book.Count;
        var pd = new double[n];
        var provision = new double[n];
        var status = new string[n];
        var ead = book.Ead;
        var lgd = book.Lgd;
        var seg = book.Segment;
        for (int i = 0; i < n; i++)
        {
            var m = models.For(seg[i])!;
            if (!pdCache.TryGetValue(m, out var pds))
            {
                pds = Guard(() => CollectiveProvision.HorizonPD(m, horizon));
                pdCache[m] = pds;
            }

            pd[i] = pds[state[i]];
            if (m.States.IsAbsorbing(state[i]))
            {
                status[i] = atLgd ? "defaulted_at_lgd" : "individual";
                provision[i] = atLgd ? lgd[i] * ead[i] : double.NaN;
            }
            else
            {
                status[i] = "collective";
                provision[i] = CollectiveProvision.Provision(ead[i], pd[i], lgd[i]);
            }
        }

        var byClass = new SortedDictionary<(string, string), double[]>();
        var bySegment = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        var cls = book.Classification;
        for (int i = 0; i < n; i++)
        {
            var c = Acc(byClass, (seg[i], cls[i]), 5);
            var s = Acc(bySegment, seg[i], 5);
            bool individual = double.IsNaN(provision[i]);
            foreach (var a in new[] { c, s })
            {
                a[0]++;
                a[1] += ead[i];
                if (individual)
                {
                    a[3]++;
                    a[4] += ead[i];
                }
                else
                {
                    a[2] += provision[i];
                }
            }
        }

        using (var output = new OutputDirectory(outDir))
        {
            using (var w = output.CreateText("loans.csv"))
            {
                CsvText.WriteLine(w, "loan_id", "segment", "classification", "ead", "lgd", "pd_h", "provision", "status");
                var ids = book.LoanId.ToArray();
                var segs = book.Segment.ToArray();
                var classes = book.Classification.ToArray();
                var eads = book.Ead.ToArray();
                var lgds = book.Lgd.ToArray();
                WriteRows(w, n, (i, tw) => CsvText.WriteLine(tw, CsvText.Field(ids[i]), CsvText.Field(segs[i]), CsvText.Field(classes[i]), N(eads[i]), N(lgds[i]), N(pd[i]), N(provision[i]), status[i]));
            }

            using (var w = output.CreateText("by_class.csv"))
            {
                CsvText.WriteLine(w, "segment", "classification", "loans", "exposure", "provision", "coverage", "individual_loans", "individual_exposure");
                foreach (var ((s, c), a) in byClass)
                {
                    CsvText.WriteLine(w, CsvText.Field(s), CsvText.Field(c), I((long)a[0]), N(a[1]), N(a[2]), N(Coverage(a[2], a[1] - a[4])), I((long)a[3]), N(a[4]));
                }
            }

            using (var w = output.CreateText("by_segment.csv"))
            {
                CsvText.WriteLine(w, "segment", "loans", "exposure", "provision", "coverage", "individual_loans", "individual_exposure");
                foreach (var (s, a) in bySegment)
                {
                    CsvText.WriteLine(w, CsvText.Field(s), I((long)a[0]), N(a[1]), N(a[2]), N(Coverage(a[2], a[1] - a[4])), I((long)a[3]), N(a[4]));
                }
            }

            using (var w = output.CreateText("summary.txt"))
            {
                w.WriteLine($"provision migration: {n} loans read from {source}, {n} provisioned or flagged, 0 rejected.");
                w.WriteLine(FormattableString.Invariant($"Loss-emergence period h = {horizon:R} years; provision = EAD x PD_h(classification) x LGD."));
                foreach (var note in models.Assumptions)
                {
                    w.WriteLine(note);
                }

                w.WriteLine(atLgd
                    ? "Loans already in a default state: provisioned at LGD x EAD (--provision-defaulted)."
                    : "Loans already in a default state: not provisioned here, flagged 'individual' for individual assessment (provision empty).");
                w.WriteLine("Coverage = provision / exposure of the collectively provisioned loans (individual ones excluded).");
            }

            output.Commit();
        }

        double total = 0;
        foreach (var a in bySegment.Values)
        {
            total += a[2];
        }

        ctx.Out.WriteLine(FormattableString.Invariant($"{n} loans, provision {total:R}; wrote loans.csv, by_class.csv, by_segment.csv, summary.txt to {outDir}"));
        return ExitCodes.Success;
    }

    /// <summary>Formats rows in fixed blocks in parallel and writes the blocks in row order (same bytes for any thread count).</summary>
    private static void WriteRows(TextWriter w, int n, Action<int, TextWriter> writeRow)
    {
        const int RowsPerBlock = 16_384;
        const int BlocksPerWave = 16;
        int blocks = (n + RowsPerBlock - 1) / RowsPerBlock;
        var texts = new string[BlocksPerWave];
        for (int first = 0; first < blocks; first += BlocksPerWave)
        {
            int count = Math.Min(BlocksPerWave, blocks - first);
            Parallel.For(0, count, b =>
            {
                var sw = new StringWriter(CultureInfo.InvariantCulture);
                int start = (first + b) * RowsPerBlock;
                int end = Math.Min(n, start + RowsPerBlock);
                for (int i = start; i < end; i++)
                {
                    writeRow(i, sw);
                }

                texts[b] = sw.ToString();
            });
            for (int b = 0; b < count; b++)
            {
                w.Write(texts[b]);
            }
        }
    }

    private static double Coverage(double provision, double exposure) => exposure > 0 ? provision / exposure : double.NaN;

    private static double[] Acc<TKey>(SortedDictionary<TKey, double[]> d, TKey key, int size)
        where TKey : notnull
    {
        if (!d.TryGetValue(key, out var a))
        {
            a = new double[size];
            d[key] = a;
        }

        return a;
    }

    private sealed record Scenario(string Name, double Weight, List<double> Z, string? MatrixPath, long Line);

    private static List<Scenario> ReadScenarios(string path, List<DataIssue> issues)
    {
        var all = File.ReadAllLines(path, CsvText.Utf8);
        var result = new List<Scenario>();
        if (all.Length == 0)
        {
            issues.Add(new DataIssue(0, "", "", "the file is empty"));
            return result;
        }

        var header = all[0].TrimStart('\uFEFF').Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int cName = Col("scenario"), cWeight = Col("weight"), cYear = Col("year"), cZ = Col("z"), cMatrix = Col("matrix");
        if (cName < 0 || cWeight < 0)
        {
            issues.Add(new DataIssue(1, "", "", "the header needs the columns scenario and weight"));
            return result;
        }

        if ((cZ < 0) == (cMatrix < 0) && cZ < 0)
        {
            issues.Add(new DataIssue(1, "", "", "the header needs a z column (Z-shift) or a matrix column (replacement matrix)"));
            return result;
        }

        var byName = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        for (int l = 1; l < all.Length; l++)
        {
            long line = l + 1;
            if (all[l].Length == 0)
            {
                continue;
            }

            var f = all[l].Split(',');
            if (f.Length != header.Length)
            {
                issues.Add(new DataIssue(line, "", "", $"wrong number of fields: expected {header.Length}, found {f.Length}"));
                continue;
            }

            string name = f[cName];
            if (name.Length == 0)
            {
                issues.Add(new DataIssue(line, "scenario", "", "must not be empty"));
                continue;
            }

            if (!CsvText.TryParseNumber(f[cWeight], out double w) || w < 0 || w > 1)
            {
                issues.Add(new DataIssue(line, "weight", f[cWeight], "must be a number in [0, 1]"));
                continue;
            }

            string? matrix = cMatrix >= 0 && f[cMatrix].Length > 0 ? f[cMatrix] : null;
            double z = double.NaN;
            bool hasZ = cZ >= 0 && f[cZ].Length > 0;
            if (hasZ && (!CsvText.TryParseNumber(f[cZ], out z) || Math.Abs(z) > 50))
            {
                issues.Add(new DataIssue(line, "z", f[cZ], "must be a number in [-50, 50]"));
                continue;
            }

            if (hasZ == (matrix is not null))
            {
                issues.Add(new DataIssue(line, hasZ ? "matrix" : "z", "", "give a z or a matrix, exactly one"));
                continue;
            }

            if (!byName.TryGetValue(name, out var sc))
            {
                sc = new Scenario(name, w, [], matrix is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "", matrix), line);
                byName[name] = sc;
                result.Add(sc);
            }
            else if (sc.Weight != w)
            {
                issues.Add(new DataIssue(line, "weight", f[cWeight], FormattableString.Invariant($"differs from the weight {sc.Weight:R} of scenario '{name}' on line {sc.Line}")));
                continue;
            }
            else if (matrix is not null || sc.MatrixPath is not null)
            {
                issues.Add(new DataIssue(line, "scenario", name, $"repeats scenario '{name}' of line {sc.Line} (a matrix scenario has one row)"));
                continue;
            }

            if (hasZ)
            {
                int year = sc.Z.Count + 1;
                if (cYear >= 0 && (!CsvText.TryParseNumber(f[cYear], out double y) || y != year))
                {
                    issues.Add(new DataIssue(line, "year", f[cYear], $"must be {year} (years of a scenario run 1, 2, ... in order)"));
                    continue;
                }

                sc.Z.Add(z);
            }
        }

        double sum = result.Sum(s => s.Weight);
        if (result.Count > 0 && Math.Abs(sum - 1) > WeightTolerance)
        {
            issues.Add(new DataIssue(0, "weight", N(sum), FormattableString.Invariant($"the scenario weights sum to {sum:R}, not 1 (tolerance {WeightTolerance:R})")));
        }

        if (result.Count == 0 && issues.Count == 0)
        {
            issues.Add(new DataIssue(0, "", "", "no scenario rows"));
        }

        return result;
    }

    private static int RunEcl(CliArgs args, CliContext ctx)
    {
        string outDir = args.Require("out");
        string bookPath = args.RequireFile("book");
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
            ? TryProfile(am, out var pr) ? pr : throw new UsageException($"--amortisation = {am} must be bullet, linear or annuity")
            : null;
        DateOnly? asOf = null;
        if (args.Get("as-of") is { } asOfText)
        {
            asOf = DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new UsageException($"--as-of = {asOfText} must be a date yyyy-MM-dd");
        }

        var closing = Measure(args, bookPath, p, prepay, rules, defaultProfile, asOf);
        Measured? opening = null;
        if (args.Has("opening-book"))
        {
            string openPath = args.RequireFile("opening-book");
            opening = Measure(args, openPath, p, prepay, rules, defaultProfile, asOf);
        }

        WriteEcl(ctx, outDir, closing, opening, p, prepay, rules, asOf);
        return ExitCodes.Success;
    }

    private sealed record Measured(LoanBook Book, string Source, int Rows, int[] Stage, StageReason[] Reason, double[] Remaining,
        double[][] Fig, double[] Ecl, List<Scenario> Scenarios, double[][] EclScenario, Models Models, HashSet<string> Watch, int Years);

    private static Measured Measure(CliArgs args, string bookPath, int p, double prepay, StagingRules rules, EadProfile? defaultProfile, DateOnly? asOf)
    {
        string source = Path.GetFileName(bookPath);
        var book = ProvisionBookCsv.Read(bookPath, ["eir", "amortisation", "remaining_term", "maturity_date", "stage", "dpd", "pd_origination", "impairment"], out long[] lines);
        var models = ReadModels(args, book);
        var issues = new List<DataIssue>();
        var state = States(book, lines, models, issues);
        int n = book.Count;
        var eir = Numbers(book, lines, "eir", issues, required: true, -1, 10, lowOpen: true);
        var remaining = new double[n];
        bool hasTerm = book.TryGetTextColumn("remaining_term", out var termText);
        bool hasMaturity = book.TryGetTextColumn("maturity_date", out var maturityText);
        if (!hasTerm && !hasMaturity)
        {
            issues.Add(new DataIssue(1, "", "", "the book needs a remaining_term (years) or a maturity_date column"));
        }
        else if (!hasTerm && asOf is null)
        {
            throw new UsageException("maturity_date needs --as-of DATE (the reporting date)");
        }

        for (int i = 0; i < n && (hasTerm || hasMaturity); i++)
        {
            if (hasTerm && termText[i].Length > 0)
            {
                if (!CsvText.TryParseNumber(termText[i], out double t) || !(t > 0 && t <= 100))
                {
                    issues.Add(new DataIssue(lines[i], "remaining_term", termText[i], "must be a number of years in (0, 100]"));
                }

                remaining[i] = t;
            }
            else if (hasMaturity && maturityText[i].Length > 0 && asOf is not null)
            {
                if (!DateOnly.TryParseExact(maturityText[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var md))
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], "must be a date yyyy-MM-dd"));
                }
                else if (md <= asOf.Value)
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], FormattableString.Invariant($"is not after the reporting date {asOf.Value:yyyy-MM-dd}")));
                }
                else if ((remaining[i] = (md.DayNumber - asOf.Value.DayNumber) / DaysPerYear) > 100)
                {
                    issues.Add(new DataIssue(lines[i], "maturity_date", maturityText[i], "is more than 100 years after the reporting date"));
                }
            }
            else
            {
                issues.Add(new DataIssue(lines[i], hasTerm ? "remaining_term" : "maturity_date", "", "is empty: the remaining term is needed"));
            }
        }

        var profile = new EadProfile[n];
        if (book.TryGetTextColumn("amortisation", out var amText))
        {
            for (int i = 0; i < n; i++)
            {
                if (!TryProfile(amText[i], out profile[i]))
                {
                    issues.Add(new DataIssue(lines[i], "amortisation", amText[i], "must be bullet, linear or annuity"));
                }
            }
        }
        else if (defaultProfile is null)
        {
            issues.Add(new DataIssue(1, "", "", "the book has no amortisation column: add one or give --amortisation bullet|linear|annuity"));
        }
        else
        {
            Array.Fill(profile, defaultProfile.Value);
        }

        var stageOverride = new int[n];
        if (book.TryGetTextColumn("stage", out var stText))
        {
            for (int i = 0; i < n; i++)
            {
                if (stText[i].Length > 0 && !(stText[i] is "1" or "2" or "3"))
                {
                    issues.Add(new DataIssue(lines[i], "stage", stText[i], "must be 1, 2, 3 or empty"));
                }

                stageOverride[i] = stText[i] is "1" or "2" or "3" ? stText[i][0] - '0' : 0;
            }
        }

        var dpd = Numbers(book, lines, "dpd", issues, required: false, 0, 1e6, lowOpen: false);
        var pdOrig = Numbers(book, lines, "pd_origination", issues, required: false, 0, 1, lowOpen: false);
        var impairment = Numbers(book, lines, "impairment", issues, required: false, 0, double.MaxValue, lowOpen: false);
        List<Scenario> scenarios = [];
        string? scenarioSource = null;
        if (args.Has("scenarios"))
        {
            string sp = args.RequireFile("scenarios");
            scenarioSource = Path.GetFileName(sp);
            var sIssues = new List<DataIssue>();
            scenarios = ReadScenarios(sp, sIssues);
            Throw(scenarioSource, sIssues);
        }

        Throw(source, issues);
        double? rho = args.GetDoubleOrNull("rho", 0, 1 - 1e-12);
        if (scenarios.Any(s => s.MatrixPath is null) && rho is null)
        {
            throw new UsageException("Z-shift scenarios need --rho");
        }

        // Curves per (model, scenario); scenario -1 = the unconditioned model.
        int years = Math.Max(1, (int)Math.Ceiling(remaining.DefaultIfEmpty(1).Max() - ExpectedCreditLoss.WholePeriodTolerance));
        var distinct = models.BySegment.Values.Concat(models.Fallback is null ? [] : [models.Fallback]).Distinct().ToList();
        int sCount = Math.Max(1, scenarios.Count);
        var curveSets = new PDCurveSet[distinct.Count * sCount];
        for (int mi = 0; mi < distinct.Count; mi++)
        {
            var m = distinct[mi];
            for (int s = 0; s < sCount; s++)
            {
                IReadOnlyList<ITransitionModel> yearModels;
                if (scenarios.Count == 0)
                {
                    yearModels = [m];
                }
                else if (scenarios[s].MatrixPath is { } mp)
                {
                    var rm = Absorb(MigrationCsv.ReadMatrix(mp, args.GetList("absorbing")), models.DefaultStates);
                    if (!rm.States.Equals(m.States))
                    {
                        throw new InvalidInputException($"{scenarioSource}:{scenarios[s].Line}: matrix {Path.GetFileName(mp)} has states ({rm.States}), not those of the book's matrix ({m.States})");
                    }

                    yearModels = [rm];
                }
                else
                {
                    var oneYear = Guard(() => m.Over(1));
                    yearModels = [.. scenarios[s].Z.Select(z => (ITransitionModel)Guard(() => ZShift.Condition(oneYear, rho!.Value, z)))];
                }

                curveSets[(mi * sCount) + s] = Guard(() => PDCurveSet.Create(yearModels, p, years));
            }
        }

        var modelIndex = new int[n];
        var seg = book.Segment;
        for (int i = 0; i < n; i++)
        {
            modelIndex[i] = distinct.IndexOf(models.For(seg[i])!);
        }

        // Model figures per loan and scenario: pd12, pdLife, ecl12, eclLife (row-major by scenario).
        var fig = new double[sCount * 4][];
        for (int k = 0; k < fig.Length; k++)
        {
            fig[k] = new double[n];
        }

        var ead = book.Ead.ToArray();
        var lgd = book.Lgd.ToArray();
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, c =>
        {
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                for (int s = 0; s < sCount; s++)
                {
                    var curve = curveSets[(modelIndex[i] * sCount) + s].Curve(state[i]);
                    var r = ExpectedCreditLoss.Compute(curve, p, remaining[i], ead[i], lgd[i], eir[i], profile[i], prepay);
                    fig[(s * 4) + 0][i] = r.PD12Month;
                    fig[(s * 4) + 1][i] = r.PDLifetime;
                    fig[(s * 4) + 2][i] = r.Ecl12Month;
                    fig[(s * 4) + 3][i] = r.EclLifetime;
                }
            }
        });

        var weights = scenarios.Count == 0 ? [1.0] : scenarios.Select(s => s.Weight).ToArray();
        var stage = new int[n];
        var reason = new StageReason[n];
        var ecl = new double[n];
        var eclScenario = new double[sCount][];
        for (int s = 0; s < sCount; s++)
        {
            eclScenario[s] = new double[n];
        }

        var watch = args.GetList("watch-states");
        var watchSet = new HashSet<string>(watch.Count > 0 ? watch : ["special_mention"], StringComparer.Ordinal);
        var cls = book.Classification;
        var w4 = new double[4];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(w4);
            for (int s = 0; s < sCount; s++)
            {
                for (int k = 0; k < 4; k++)
                {
                    w4[k] += weights[s] * fig[(s * 4) + k][i];
                }
            }

            var m = distinct[modelIndex[i]];
            var a = Staging.Assign(stageOverride[i], m.States.IsAbsorbing(state[i]), watchSet.Contains(cls[i]), dpd[i],
                Math.Min(1, Math.Max(0, w4[1])), pdOrig[i], rules);
            stage[i] = a.Stage;
            reason[i] = a.Reason;
            for (int s = 0; s < sCount; s++)
            {
                eclScenario[s][i] = Allowance(a.Stage, fig[(s * 4) + 2][i], fig[(s * 4) + 3][i], lgd[i], ead[i], impairment[i]);
            }

            for (int k = 0; k < 4; k++)
            {
                fig[k][i] = w4[k];
            }

            ecl[i] = Allowance(a.Stage, fig[2][i], fig[3][i], lgd[i], ead[i], impairment[i]);
        }

        return new Measured(book, source, lines.Length, stage, reason, remaining, fig, ecl, scenarios, eclScenario, models, watchSet, years);
    }

    private static double Allowance(int stage, double ecl12, double eclLife, double lgd, double ead, double impairment) => stage switch
    {
        1 => ecl12,
        2 => eclLife,
        _ => double.IsNaN(impairment) ? lgd * ead : impairment,
    };

    private static bool TryProfile(string text, out EadProfile profile)
    {
        switch (text)
        {
            case "bullet": profile = EadProfile.Bullet; return true;
            case "linear": profile = EadProfile.Linear; return true;
            case "annuity": profile = EadProfile.Annuity; return true;
            default: profile = EadProfile.Bullet; return false;
        }
    }

    private static double[] Numbers(LoanBook book, long[] lines, string column, List<DataIssue> issues, bool required, double min, double max, bool lowOpen)
    {
        var values = new double[book.Count];
        Array.Fill(values, double.NaN);
        if (!book.TryGetTextColumn(column, out var text))
        {
            if (required)
            {
                issues.Add(new DataIssue(1, "", "", $"the book has no {column} column (needed for discounting)"));
            }

            return values;
        }

        string range = FormattableString.Invariant($"{(lowOpen ? "(" : "[")}{min:R}, {max:R}]");
        for (int i = 0; i < book.Count; i++)
        {
            if (text[i].Length == 0)
            {
                if (required)
                {
                    issues.Add(new DataIssue(lines[i], column, "", "is empty: discounting needs the effective interest rate"));
                }

                continue;
            }

            if (!CsvText.TryParseNumber(text[i], out double v) || v < min || v > max || (lowOpen && v == min))
            {
                issues.Add(new DataIssue(lines[i], column, text[i], $"must be a number in {range}"));
                continue;
            }

            values[i] = v;
        }

        return values;
    }

    private static void WriteEcl(CliContext ctx, string outDir, Measured m, Measured? opening, int p, double prepay, StagingRules rules, DateOnly? asOf)
    {
        var (book, source, rows, stage, reason, remaining, fig, ecl, scenarios, eclScenario, models, watch, years) = m;
        int n = book.Count;
        var ids = book.LoanId;
        var seg = book.Segment;
        var cls = book.Classification;
        var ead = book.Ead;
        var lgd = book.Lgd;
        var byStage = new double[4, 3];
        var bySegment = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        var scenarioTotals = new double[eclScenario.Length];
        for (int i = 0; i < n; i++)
        {
            byStage[stage[i], 0]++;
            byStage[stage[i], 1] += ead[i];
            byStage[stage[i], 2] += ecl[i];
            var a = Acc(bySegment, seg[i], 6);
            a[0]++;
            a[1] += ead[i];
            a[1 + stage[i]] += ecl[i];
            a[5] += ecl[i];
            for (int s = 0; s < scenarioTotals.Length; s++)
            {
                scenarioTotals[s] += eclScenario[s][i];
            }
        }

        using var output = new OutputDirectory(outDir);
        using (var w = output.CreateText("loans.csv"))
        {
            var header = new List<string> { "loan_id", "segment", "classification", "stage", "stage_reason", "ead", "lgd", "remaining_years", "pd_12m", "pd_lifetime", "ecl_12m", "ecl_lifetime", "ecl" };
            header.AddRange(scenarios.Select(s => CsvText.Field("ecl_" + s.Name)));
            CsvText.WriteLine(w, [.. header]);
            var idArr = ids.ToArray();
            var segArr = seg.ToArray();
            var clsArr = cls.ToArray();
            var eadArr = ead.ToArray();
            var lgdArr = lgd.ToArray();
            int width = header.Count;
            WriteRows(w, n, (i, tw) =>
            {
                var row = new string[width];
                row[0] = CsvText.Field(idArr[i]);
                row[1] = CsvText.Field(segArr[i]);
                row[2] = CsvText.Field(clsArr[i]);
                row[3] = I(stage[i]);
                row[4] = ReasonText(reason[i]);
                row[5] = N(eadArr[i]);
                row[6] = N(lgdArr[i]);
                row[7] = N(remaining[i]);
                row[8] = N(fig[0][i]);
                row[9] = N(fig[1][i]);
                row[10] = N(fig[2][i]);
                row[11] = N(fig[3][i]);
                row[12] = N(ecl[i]);
                for (int s = 0; s < scenarios.Count; s++)
                {
                    row[13 + s] = N(eclScenario[s][i]);
                }

                CsvText.WriteLine(tw, row);
            });
        }

        using (var w = output.CreateText("by_stage.csv"))
        {
            CsvText.WriteLine(w, "stage", "loans", "exposure", "ecl", "coverage");
            for (int s = 1; s <= 3; s++)
            {
                CsvText.WriteLine(w, I(s), I((long)byStage[s, 0]), N(byStage[s, 1]), N(byStage[s, 2]), N(Coverage(byStage[s, 2], byStage[s, 1])));
            }
        }

        using (var w = output.CreateText("by_segment.csv"))
        {
            CsvText.WriteLine(w, "segment", "loans", "exposure", "ecl_stage1", "ecl_stage2", "ecl_stage3", "ecl", "coverage");
            foreach (var (s, a) in bySegment)
            {
                CsvText.WriteLine(w, CsvText.Field(s), I((long)a[0]), N(a[1]), N(a[2]), N(a[3]), N(a[4]), N(a[5]), N(Coverage(a[5], a[1])));
            }
        }

        if (scenarios.Count > 0)
        {
            using var w = output.CreateText("scenarios.csv");
            CsvText.WriteLine(w, "scenario", "weight", "ecl");
            for (int s = 0; s < scenarios.Count; s++)
            {
                CsvText.WriteLine(w, CsvText.Field(scenarios[s].Name), N(scenarios[s].Weight), N(scenarioTotals[s]));
            }
        }

        double total = 0;
        for (int s = 1; s <= 3; s++)
        {
            total += byStage[s, 2];
        }

        using (var w = output.CreateText("summary.txt"))
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"provision ecl: {rows} loans read from {source}, {n} measured, 0 rejected; total ECL allowance {N(total)}.\n");
            foreach (var note in models.Assumptions)
            {
                sb.Append(note).Append('\n');
            }

            sb.Append(CultureInfo.InvariantCulture, $"Periods: {(p == 1 ? "yearly" : p == 4 ? "quarterly" : "monthly")} over the remaining term (horizon {years} years); a final part-period counts as a fraction, its cumulative PD interpolated linearly in time.\n");
            sb.Append("ECL = sum_t [C(t_end) - C(t_start)] x LGD x EAD(t_start) x (1 - prepayment)^t_start x (1 + EIR)^-t_end: default at the end of each period, EAD at its start, discounted at the loan's EIR.\n");
            sb.Append("12-month ECL: the same sum over min(1 year, remaining term). EAD profiles: bullet = balance; linear = balance x (1 - s/T); annuity = outstanding principal of a level annuity at the EIR.\n");
            sb.Append(CultureInfo.InvariantCulture, $"Prepayment rate: {N(prepay)} a year.\n");
            sb.Append(asOf is null ? "Remaining term from the remaining_term column (years).\n"
                : string.Create(CultureInfo.InvariantCulture, $"Reporting date {asOf:yyyy-MM-dd}; remaining term from maturity_date as days / 365.25 where remaining_term is empty or absent.\n"));
            sb.Append(CultureInfo.InvariantCulture, $"Staging: stage column overrides; stage 3 if in a default state or dpd > {N(rules.CreditImpairedDaysPastDue)}; stage 2 if classification in ({string.Join(", ", watch.Order(StringComparer.Ordinal))}), dpd > {N(rules.SicrDaysPastDue)}, or lifetime PD > {N(rules.RelativeThreshold)} x pd_origination and exceeding it by > {N(rules.AbsoluteThreshold)}; stage 1 otherwise. Empty dpd / pd_origination: that rule is not applied.\n");
            sb.Append("Allowance: stage 1 = 12-month ECL, stage 2 = lifetime ECL, stage 3 = the impairment column when given, else LGD x EAD (PD = 1, LGD taken as already discounted).\n");
            sb.Append("Loans in a default state: model PDs 1 and model ECLs LGD x EAD.\n");
            if (scenarios.Count > 0)
            {
                sb.Append("Scenarios (probability-weighted; PDs and ECLs in loans.csv are weighted, staging uses the weighted lifetime PD):");
                foreach (var s in scenarios)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" {s.Name} weight {N(s.Weight)} ");
                    sb.Append(s.MatrixPath is null ? $"Z by year ({string.Join(" ", s.Z.Select(N))}; later years keep the last)" : $"replacement matrix {Path.GetFileName(s.MatrixPath)}");
                    sb.Append(';');
                }

                sb.Append('\n');
            }
            else
            {
                sb.Append("No forward-looking scenarios: one (unconditioned) migration model.\n");
            }

            w.Write(sb.ToString());
        }

        if (opening is not null)
        {
            var mv = Movement(opening, m);
            using var w = output.CreateText("movement.csv");
            CsvText.WriteLine(w, "line", "stage1", "stage2", "stage3", "total");
            string[] names = ["opening", "transfer_to_stage1", "transfer_to_stage2", "transfer_to_stage3", "new", "derecognised", "remeasurement", "closing"];
            for (int r = 0; r < names.Length; r++)
            {
                CsvText.WriteLine(w, names[r], N(mv[r, 1]), N(mv[r, 2]), N(mv[r, 3]), N(mv[r, 1] + mv[r, 2] + mv[r, 3]));
            }
        }

        output.Commit();
        ctx.Out.WriteLine($"{n} loans, ECL {N(total)}; wrote loans.csv, by_stage.csv, by_segment.csv{(scenarios.Count > 0 ? ", scenarios.csv" : "")}, summary.txt to {outDir}");
    }

    /// <summary>Allowance movement by stage (IFRS 7 35H): rows opening, transfers into stage 1..3, new, derecognised,
    /// remeasurement, closing; columns stage 1..3 (index 0 unused). A continuing loan moving from stage a to b carries
    /// its opening allowance out of a and into b (transfer row of b); its change closing - opening is remeasurement in b.</summary>
    private static double[,] Movement(Measured opening, Measured closing)
    {
        var mv = new double[8, 4];
        var openIndex = new Dictionary<string, int>(opening.Book.Count, StringComparer.Ordinal);
        var openIds = opening.Book.LoanId;
        for (int i = 0; i < openIds.Length; i++)
        {
            openIndex[openIds[i]] = i;
            mv[0, opening.Stage[i]] += opening.Ecl[i];
        }

        var seen = new bool[openIds.Length];
        var ids = closing.Book.LoanId;
        for (int i = 0; i < ids.Length; i++)
        {
            int b = closing.Stage[i];
            mv[7, b] += closing.Ecl[i];
            if (!openIndex.TryGetValue(ids[i], out int o))
            {
                mv[4, b] += closing.Ecl[i];
                continue;
            }

            seen[o] = true;
            int a = opening.Stage[o];
            if (a != b)
            {
                mv[b, a] -= opening.Ecl[o];
                mv[b, b] += opening.Ecl[o];
            }

            mv[6, b] += closing.Ecl[i] - opening.Ecl[o];
        }

        for (int o = 0; o < seen.Length; o++)
        {
            if (!seen[o])
            {
                mv[5, opening.Stage[o]] -= opening.Ecl[o];
            }
        }

        return mv;
    }

    private static string ReasonText(StageReason r) => r switch
    {
        StageReason.Performing => "performing",
        StageReason.Override => "override",
        StageReason.DefaultState => "default_state",
        StageReason.DaysPastDue90 => "dpd_over_90",
        StageReason.WatchState => "watch_state",
        StageReason.DaysPastDue30 => "dpd_over_30",
        _ => "lifetime_pd_increase",
    };
}
