using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Internal;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;
using ValueCore.Provisions;

namespace ValueCore.Batch.Provisions;

/// <summary>
/// IFRS 9 staging and expected credit loss from a loan-book CSV to result files, streamed: per-loan results are written
/// as they are computed and only the totals (and the duplicate-identifier check) stay in memory.
/// </summary>
/// <remarks>
/// <para>Outputs in <see cref="EclJobOptions.OutputDirectory"/>: <c>loans.csv</c>, <c>by_stage.csv</c>,
/// <c>by_segment.csv</c>, <c>scenarios.csv</c> (with scenarios), <c>movement.csv</c> (with an opening book),
/// <c>summary.txt</c> and <c>manifest.json</c>, written under temporary names and renamed on success; any invalid row
/// fails the run (every problem listed, nothing written). Formulas: docs/provisions.md, <see cref="ExpectedCreditLoss"/>,
/// <see cref="Staging"/>.</para>
/// <para>The book is cut into chunks of a fixed number of records, validated and measured in parallel (per loan: a
/// lookup of the precomputed curve of its segment, state and scenario and a loop over its periods) and written in
/// input order; totals are compensated (Neumaier) sums reduced chunk by chunk in that order, so every file is
/// byte-identical for any number of threads. Memory: the chunks in flight, 8 bytes a loan for the duplicate-identifier
/// check, and with an opening book about 50 bytes per opening loan to match the two books.</para>
/// </remarks>
public static class EclCsvJob
{
    /// <summary>The longest remaining term accepted, in years (curves must cover it): <see cref="EclBook.MaxRemainingYears"/>.</summary>
    public const int MaxRemainingYears = EclBook.MaxRemainingYears;

    /// <summary>The remaining contractual term in years (the loan-book's term column) and its accepted alias.</summary>
    private const string TermColumn = "term", TermAlias = "remaining_term";

    /// <summary>The point-in-time, unbiased LGD of the ECL (IFRS 9 5.5.17(a)); empty or absent: the loan's lgd.</summary>
    private const string EclLgdColumn = "ecl_lgd";

    private static readonly byte[][] s_reasons =
    [
        "performing"u8.ToArray(), "override"u8.ToArray(), "default_state"u8.ToArray(), "dpd_over_90"u8.ToArray(),
        "watch_state"u8.ToArray(), "dpd_over_30"u8.ToArray(), "lifetime_pd_increase"u8.ToArray(),
    ];

    /// <summary>Runs the job.</summary>
    /// <param name="options">Input, models and parameters.</param>
    /// <returns>What was read, measured and written.</returns>
    /// <exception cref="DataValidationException">The book (or opening book) is empty or has invalid rows (all are listed).</exception>
    /// <exception cref="ArgumentException">The options are inconsistent (no model, curves not matching the scenarios or periods, weights).</exception>
    /// <exception cref="FileNotFoundException">A book does not exist.</exception>
    public static ProvisionJobSummary Run(EclJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runtime = EclEngine.Create(ToEclOptions(options));
        string source = options.Csv.SourceName ?? ValueCore.IO.Sources.BookSource.Label(options.BookPath);
        // The table sinks (docs/conventions.md, "Output formats"): the database first, so a refusal touches no folder.
        var text = new HashSet<string>(["loan_id", "segment", "classification", "stage_reason"], StringComparer.Ordinal);
        Sinks.ResultTable[] resultTables = [new("loans.csv", "loans", text), new("by_stage.csv", "by_stage", text), new("by_segment.csv", "by_segment", text)];
        using var database = Sinks.ResultTables.OpenDatabase(options.Tables, resultTables.Select(t => t.TableName!));
        using var output = new OutputDirectory(options.OutputDirectory,
            [options.BookPath, .. options.OpeningBookPath is { } openingPath ? [openingPath] : Array.Empty<string>(), .. options.InputFiles.Select(f => f.Value)]);

        // Opening book: the allowance and stage of every loan, keyed by two independent identifier hashes.
        Opening? opening = null;
        if (options.OpeningBookPath is string openPath)
        {
            opening = new Opening();
            var o = opening;
            var openCounts = ProvisionPipeline.Run<EclChunk>(openPath, Path.GetFileName(openPath), options.MaxDegreeOfParallelism,
                (schema, header, counts) => Setup(schema, header, counts, options, runtime, format: false),
                (chunk, clean) =>
                {
                    if (clean)
                    {
                        o.Add(chunk);
                    }
                },
                csv: options.Csv);
            openCounts.ThrowIfAny(Path.GetFileName(openPath));
            o.Sha256 = openCounts.InputSha256;
        }

        var loans = output.Create("loans.csv", 1 << 20);
        var head = new StringBuilder("loan_id,segment,classification,stage,stage_reason,ead,lgd,remaining_years,pd_12m,pd_lifetime,ecl_12m,ecl_lifetime,ecl");
        foreach (var s in options.Scenarios)
        {
            head.Append(',').Append(CsvText.Field("ecl_" + s.Name));
        }

        loans.Write(Encoding.UTF8.GetBytes(head.Append('\n').ToString()));
        var totals = new EclTotals(runtime.ScenarioCount);
        using var rejected = options.SkipInvalid ? ProvisionText.OpenRejected(output) : null;
        var result = ProvisionPipeline.Run<EclChunk>(options.BookPath, source, options.MaxDegreeOfParallelism,
            (schema, header, counts) => Setup(schema, header, counts, options, runtime, format: true),
            (chunk, clean) =>
            {
                if (!clean)
                {
                    return;
                }

                loans.Write(chunk.Output, 0, chunk.OutputLength);
                totals.Merge(chunk.Totals);
                opening?.Match(chunk);
            },
            options.SkipInvalid,
            (issue, loanId) => ProvisionText.WriteReject(rejected!, issue, loanId),
            options.Csv,
            options.Progress);
        if (!options.SkipInvalid)
        {
            result.ThrowIfAny(source);
        }

        loans.Dispose();
        var movement = opening?.Movement.Finish();

        var files = new List<string> { Path.Combine(output.Path, "loans.csv") };
        if (rejected is not null)
        {
            rejected.Dispose();
            files.Add(Path.Combine(output.Path, "rejected.csv"));
        }

        double total = totals.Total;
        int years = totals.HorizonYears;
        using (var w = output.CreateText("by_stage.csv"))
        {
            CsvText.WriteLine(w, "stage", "loans", "exposure", "ecl", "coverage");
            for (int s = 1; s <= 3; s++)
            {
                double exposure = totals.StageExposure[s].Value, ecl = totals.StageEcl[s].Value;
                CsvText.WriteLine(w, I(s), I(totals.StageLoans[s]), N(exposure), N(ecl), N(Coverage(ecl, exposure)));
            }
        }

        files.Add(Path.Combine(output.Path, "by_stage.csv"));
        using (var w = output.CreateText("by_segment.csv"))
        {
            CsvText.WriteLine(w, "segment", "loans", "exposure", "ecl_stage1", "ecl_stage2", "ecl_stage3", "ecl", "coverage");
            foreach (var (name, a) in totals.Segments.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                double exposure = a.Exposure.Value, ecl = a.Ecl[0].Value;
                CsvText.WriteLine(w, CsvText.Field(name), I(a.Loans), N(exposure), N(a.Ecl[1].Value), N(a.Ecl[2].Value), N(a.Ecl[3].Value), N(ecl), N(Coverage(ecl, exposure)));
            }
        }

        files.Add(Path.Combine(output.Path, "by_segment.csv"));
        if (options.Scenarios.Count > 0)
        {
            using (var w = output.CreateText("scenarios.csv"))
            {
                CsvText.WriteLine(w, "scenario", "weight", "ecl");
                for (int s = 0; s < options.Scenarios.Count; s++)
                {
                    CsvText.WriteLine(w, CsvText.Field(options.Scenarios[s].Name), N(options.Scenarios[s].Weight), N(totals.Scenario[s].Value));
                }
            }

            files.Add(Path.Combine(output.Path, "scenarios.csv"));
        }

        string summaryText = Summary(options, result, source, total, years, totals.LgdFallbacks);
        using (var w = output.CreateText("summary.txt"))
        {
            w.Write(summaryText);
        }

        files.Add(Path.Combine(output.Path, "summary.txt"));
        if (movement is not null)
        {
            using (var w = output.CreateText("movement.csv"))
            {
                CsvText.WriteLine(w, "line", "stage1", "stage2", "stage3", "total");
                string[] names = ["opening", "transfer_to_stage1", "transfer_to_stage2", "transfer_to_stage3", "new", "derecognised", "remeasurement", "closing"];
                foreach (var line in movement)
                {
                    CsvText.WriteLine(w, names[(int)line.Kind], N(line.Stage1), N(line.Stage2), N(line.Stage3), N(line.Total));
                }
            }

            files.Add(Path.Combine(output.Path, "movement.csv"));
        }

        var written = Sinks.ResultTables.Finish(output, options.Tables, database, resultTables);
        files = files.Select(f => Array.FindIndex(resultTables, t => Path.Combine(output.Path, t.FileName) == f) is int i and >= 0 ? Path.Combine(output.Path, written[i]) : f).ToList();
        var summary = result.ToSummary(source, options.SkipInvalid, total, files, years) with { EclLgdFallbacks = totals.LgdFallbacks };
        using (var m = output.Create("manifest.json"))
        {
            WriteManifest(m, output, options, summary, opening?.Sha256, totals, summaryText, database);
        }

        files.Add(Path.Combine(output.Path, "manifest.json"));
        output.Commit();
        return summary;
    }

    private static string N(double v) => CsvText.Number(v);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static double Coverage(double provision, double exposure) => exposure > 0 ? provision / exposure : double.NaN;

    /// <summary>The library's options of the run (models, scenarios, staging, periods, prepayment, threads).</summary>
    internal static EclOptions ToEclOptions(EclJobOptions o) => new()
    {
        SegmentModels = o.SegmentModels,
        Model = o.Model,
        Scenarios = o.Scenarios,
        WatchStates = o.WatchStates,
        PeriodsPerYear = o.PeriodsPerYear,
        PrepaymentRate = o.PrepaymentRate,
        Staging = o.Staging,
        MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
    };

    private static Func<ProvisionChunkWorker<EclChunk>> Setup(LoanBookSchema schema, string[] header, PipelineCounts counts,
        EclJobOptions options, EclEngine runtime, bool format)
    {
        int Col(string name) => Array.IndexOf(header, name);
        int term = Col(TermColumn), alias = Col(TermAlias);
        var cols = new Columns(Col("eir"), Col("amortisation"), term >= 0 ? term : alias, Col("maturity_date"), Col("stage"), Col("dpd"),
            Col("pd_origination"), Col("impairment"), Col(EclLgdColumn))
        {
            TermName = term >= 0 || alias < 0 ? TermColumn : TermAlias,
        };
        bool broken = false;
        if (term >= 0 && alias >= 0)
        {
            counts.AddIssue(DataIssue.Header(TermAlias, "", $"the book has both {TermColumn} and {TermAlias} (an alias of {TermColumn}): keep one"));
            broken = true;
        }

        if (cols.Eir < 0)
        {
            counts.AddIssue(DataIssue.Header("", "", "the book has no eir column (needed for discounting)"));
            broken = true;
        }

        if (cols.Term < 0 && cols.Maturity < 0)
        {
            counts.AddIssue(DataIssue.Header("", "", Col(LoanColumns.Maturity) >= 0
                ? $"the book has no {TermColumn} (years) or maturity_date column; its {LoanColumns.Maturity} is the IRB effective maturity (capped at 5 years, shorter than the contractual term of an amortising loan), not the remaining contractual term that lifetime ECL needs (IFRS 9 5.5.19): add a {TermColumn} column"
                : $"the book needs a {TermColumn} (years; alias {TermAlias}) or a maturity_date column"));
            broken = true;
        }
        else if (cols.Term < 0 && options.AsOf is null)
        {
            throw new ArgumentException("maturity_date needs the reporting date (AsOf)", nameof(options));
        }

        if (cols.Amortisation < 0 && options.Amortisation is null)
        {
            counts.AddIssue(DataIssue.Header("", "", "the book has no amortisation column: add one or give --amortisation bullet|linear|annuity"));
            broken = true;
        }

        return () => new EclWorker(schema, cols with { Broken = broken }, options, runtime, format);
    }

    private sealed record Columns(int Eir, int Amortisation, int Term, int Maturity, int Stage, int Dpd, int PdOrigination, int Impairment, int EclLgd)
    {
        public bool Broken { get; init; }

        /// <summary>The header name of the term column read (term, or its alias remaining_term), for messages.</summary>
        public string TermName { get; init; } = TermColumn;
    }

    private sealed class EclChunk(int scenarios) : ProvisionChunk
    {
        public EclTotals Totals { get; } = new(scenarios);

        /// <summary>Per loan-book-valid row: measured (no provisioning issue), stage, allowance, second id hash.</summary>
        public bool[] Ok { get; } = new bool[ProvisionPipeline.RecordsPerChunk];
        public byte[] Stage { get; } = new byte[ProvisionPipeline.RecordsPerChunk];
        public double[] Ecl { get; } = new double[ProvisionPipeline.RecordsPerChunk];
        public ulong[] IdHash2 { get; } = new ulong[ProvisionPipeline.RecordsPerChunk];

        /// <summary>Per measured row: whether its ECL LGD fell back to the book's lgd.</summary>
        public bool[] LgdFallback { get; } = new bool[ProvisionPipeline.RecordsPerChunk];

        /// <summary>Per measured row: remaining years, allowance per scenario (row-major), and its loans.csv line's range in Output,
        /// so that the chunk can be rebuilt without some rows (repeated identifiers, --skip-invalid) without measuring again.</summary>
        public double[] Remaining { get; } = new double[ProvisionPipeline.RecordsPerChunk];
        public double[] ScenarioEcl { get; } = new double[ProvisionPipeline.RecordsPerChunk * scenarios];
        public int[] OutputStart { get; } = new int[ProvisionPipeline.RecordsPerChunk];
        public int[] OutputEnd { get; } = new int[ProvisionPipeline.RecordsPerChunk];

        public override void Clear()
        {
            base.Clear();
            Totals.Clear();
        }
    }

    /// <summary>The opening book's loans, matched to the closing book by two independent identifier hashes.</summary>
    private sealed class Opening
    {
        public EclMovementBuilder<UInt128> Movement { get; } = new();

        public string Sha256 { get; set; } = "";

        public void Add(EclChunk c)
        {
            var book = c.Book!;
            for (int v = 0; v < book.Valid; v++)
            {
                if (c.Ok[v])
                {
                    Movement.AddOpening(new UInt128(book.IdHash[v], c.IdHash2[v]), c.Stage[v], c.Ecl[v]);
                }
            }
        }

        public void Match(EclChunk c)
        {
            var book = c.Book!;
            for (int v = 0; v < book.Valid; v++)
            {
                if (c.Ok[v])
                {
                    Movement.AddClosing(new UInt128(book.IdHash[v], c.IdHash2[v]), c.Stage[v], c.Ecl[v]);
                }
            }
        }
    }

    private sealed class EclWorker : ProvisionChunkWorker<EclChunk>
    {
        private readonly Columns _cols;
        private readonly EclJobOptions _o;
        private readonly EclEngine _rt;
        private readonly bool _format;
        private readonly bool _matchIds;
        private readonly double[] _f12, _fLife;
        private string? _lastSegment;
        private EclModelRuntime? _lastModel;
        private EclSegmentTotals? _lastTotals;

        public EclWorker(LoanBookSchema schema, Columns cols, EclJobOptions options, EclEngine runtime, bool format)
            : base(schema)
        {
            _cols = cols;
            _o = options;
            _rt = runtime;
            _format = format;
            _matchIds = options.OpeningBookPath is not null;
            _f12 = new double[runtime.ScenarioCount];
            _fLife = new double[runtime.ScenarioCount];
        }

        protected override EclChunk Create() => new(_rt.ScenarioCount);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        protected override void Compute(CsvChunk chunk, EclChunk result, List<DataIssue> issues)
        {
            var book = result.Book!;
            var totals = result.Totals;
            var s = Schema;
            var c = _cols;
            int sCount = _rt.ScenarioCount;
            byte[] output = result.Output;
            int pos = 0;
            _lastSegment = null;
            for (int v = 0; v < book.Valid; v++)
            {
                if (result.IsWithheld(v))
                {
                    result.Ok[v] = false;
                    continue;
                }

                int r = book.Record[v];
                long line = chunk.Lines[r];
                Split(chunk, r);
                var sp = Splitter;
                int before = issues.Count;
                string segment = book.Segment[v];
                if (!ReferenceEquals(segment, _lastSegment))
                {
                    _lastModel = _rt.ModelOf(segment);
                    _lastTotals = null;
                    _lastSegment = segment;
                }

                var model = _lastModel;
                var cls = s.Classification >= 0 ? sp.Value(s.Classification) : default;
                int state = -1;
                if (model is null)
                {
                    issues.Add(new DataIssue(line, LoanColumns.Segment, segment, ProvisionRules.NoModelRule));
                }
                else if ((state = model.States.IndexOf(cls)) < 0)
                {
                    issues.Add(new DataIssue(line, LoanColumns.Classification, ProvisionText.Text(cls), ProvisionRules.NotAState(segment, model.States.StatesText)));
                }

                double eir = Number(sp, Schema.Format, c.Eir, "eir", issues, line, required: true, ProvisionRules.Eir, ProvisionRules.EirRule);
                double remaining = Remaining(sp, issues, line);
                var profile = _o.Amortisation ?? EadProfile.Bullet;
                if (c.Amortisation >= 0 && !ProvisionRules.TryProfile(sp.Value(c.Amortisation), out profile))
                {
                    issues.Add(new DataIssue(line, "amortisation", ProvisionText.Text(sp.Value(c.Amortisation)), ProvisionRules.ProfileRule));
                }

                int stageOverride = 0;
                if (c.Stage >= 0)
                {
                    var st = sp.Value(c.Stage);
                    if (st.Length == 1 && st[0] is (byte)'1' or (byte)'2' or (byte)'3')
                    {
                        stageOverride = st[0] - '0';
                    }
                    else if (!st.IsEmpty)
                    {
                        issues.Add(new DataIssue(line, "stage", ProvisionText.Text(st), ProvisionRules.StageRule));
                    }
                }

                double dpd = Number(sp, Schema.Format, c.Dpd, "dpd", issues, line, required: false, ProvisionRules.DaysPastDue, ProvisionRules.DaysPastDueRule);
                double pdOrig = Number(sp, Schema.Format, c.PdOrigination, "pd_origination", issues, line, required: false, ProvisionRules.Fraction, ProvisionRules.FractionRule);
                double impairment = Number(sp, Schema.Format, c.Impairment, "impairment", issues, line, required: false, ProvisionRules.Impairment, ProvisionRules.ImpairmentRule);
                double eclLgd = Number(sp, Schema.Format, c.EclLgd, EclLgdColumn, issues, line, required: false, ProvisionRules.Fraction, ProvisionRules.FractionRule);
                if (issues.Count == before && state >= 0 && remaining > model!.HorizonYears + ExpectedCreditLoss.WholePeriodTolerance)
                {
                    bool fromTerm = c.Term >= 0 && !sp.Value(c.Term).IsEmpty;
                    issues.Add(new DataIssue(line, fromTerm ? c.TermName : "maturity_date", ProvisionText.Text(sp.Value(fromTerm ? c.Term : c.Maturity)),
                        ProvisionRules.BeyondHorizon(model.HorizonYears, segment)));
                }

                if (issues.Count != before || c.Broken)
                {
                    result.Ok[v] = false;
                    result.ProvisionRejected++;
                    continue;
                }

                // The model figures per scenario, probability-weighted, at the ECL LGD (ecl_lgd, else the book's lgd).
                bool lgdFallback = double.IsNaN(eclLgd);
                double ead = book.Ead[v], lgd = lgdFallback ? book.Parsed.Lgd[v] : eclLgd;
                var eclS = result.ScenarioEcl.AsSpan(v * sCount, sCount);
                var figures = _rt.Measure(model!, state, stageOverride, dpd, pdOrig, impairment, ead, lgd, eir, profile, remaining, _f12, _fLife, eclS);
                var a = figures.Assignment;
                double ecl = figures.Allowance;
                double w0 = figures.Weighted.PD12Month, w1 = figures.Weighted.PDLifetime, w2 = figures.Weighted.Ecl12Month, w3 = figures.Weighted.EclLifetime;

                result.Ok[v] = true;
                result.Stage[v] = (byte)a.Stage;
                result.Ecl[v] = ecl;
                result.Remaining[v] = remaining;
                result.LgdFallback[v] = lgdFallback;
                var id = sp.Value(s.LoanId);
                if (_matchIds)
                {
                    result.IdHash2[v] = ProvisionText.SecondHash(id);
                }

                _lastTotals ??= totals.Segment(segment);
                totals.AddRow(_lastTotals, eclS, a.Stage, ead, ecl, remaining, lgdFallback);
                result.OutputStart[v] = pos;
                result.OutputEnd[v] = pos;
                if (!_format)
                {
                    continue;
                }

                var seg = sp.Value(s.Segment);
                var reason = s_reasons[(int)a.Reason];
                int need = ProvisionText.FieldRoom(id.Length) + ProvisionText.FieldRoom(seg.Length) + ProvisionText.FieldRoom(cls.Length)
                    + reason.Length + 8 + ((9 + sCount) * ProvisionText.NumberRoom);
                output = ProvisionText.Ensure(output, pos, need);
                var d = output.AsSpan();
                pos = ProvisionText.Field(d, pos, id);
                d[pos++] = (byte)',';
                pos = ProvisionText.Field(d, pos, seg);
                d[pos++] = (byte)',';
                pos = ProvisionText.Field(d, pos, cls);
                d[pos++] = (byte)',';
                d[pos++] = (byte)('0' + a.Stage);
                d[pos++] = (byte)',';
                reason.CopyTo(d[pos..]);
                pos += reason.Length;
                pos = ProvisionText.Num(d, pos, ead);
                pos = ProvisionText.Num(d, pos, lgd);
                pos = ProvisionText.Num(d, pos, remaining);
                pos = ProvisionText.Num(d, pos, w0);
                pos = ProvisionText.Num(d, pos, w1);
                pos = ProvisionText.Num(d, pos, w2);
                pos = ProvisionText.Num(d, pos, w3);
                pos = ProvisionText.Num(d, pos, ecl);
                if (_o.Scenarios.Count > 0)
                {
                    for (int k = 0; k < sCount; k++)
                    {
                        pos = ProvisionText.Num(d, pos, eclS[k]);
                    }
                }

                d[pos++] = (byte)'\n';
                result.OutputEnd[v] = pos;
            }

            result.Output = output;
            result.OutputLength = pos;
        }

        /// <summary>Rebuilds the chunk's loans.csv lines and totals from its measured rows' figures, leaving out the withheld
        /// rows: the same bytes and sums as measuring the chunk without them, at the cost of a copy.</summary>
        public override void Recompute(CsvChunk chunk, EclChunk result, HashSet<int> withheld)
        {
            var book = result.Book!;
            var totals = result.Totals;
            totals.Clear();
            int sCount = _rt.ScenarioCount;
            var output = result.Output.AsSpan();
            int pos = 0;
            for (int v = 0; v < book.Valid; v++)
            {
                if (!result.Ok[v])
                {
                    continue;
                }

                if (withheld.Contains(v))
                {
                    result.Ok[v] = false;
                    continue;
                }

                string segment = book.Segment[v];
                totals.AddRow(totals.Segment(segment), result.ScenarioEcl.AsSpan(v * sCount, sCount), result.Stage[v], book.Ead[v], result.Ecl[v], result.Remaining[v], result.LgdFallback[v]);
                int start = result.OutputStart[v], length = result.OutputEnd[v] - start;
                output.Slice(start, length).CopyTo(output[pos..]);
                pos += length;
            }

            result.Withheld = withheld;
            result.OutputLength = pos;
        }

        private double Remaining(CsvRecordSplitter sp, List<DataIssue> issues, long line)
        {
            var c = _cols;
            if (c.Term < 0 && c.Maturity < 0)
            {
                return 0;
            }

            var term = c.Term >= 0 ? sp.Value(c.Term) : default;
            if (c.Term >= 0 && !term.IsEmpty)
            {
                if (!ProvisionText.TryParse(term, Schema.Format, out double t) || ProvisionRules.RemainingYears(t) is not null)
                {
                    issues.Add(new DataIssue(line, c.TermName, ProvisionText.Text(term), ProvisionRules.RemainingRule));
                }

                return t;
            }

            var maturity = c.Maturity >= 0 ? sp.Value(c.Maturity) : default;
            if (c.Maturity >= 0 && !maturity.IsEmpty && _o.AsOf is DateOnly asOf)
            {
                string text = ProvisionText.Text(maturity);
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var md))
                {
                    issues.Add(new DataIssue(line, "maturity_date", text, "must be a date yyyy-MM-dd"));
                    return 0;
                }

                if (md <= asOf)
                {
                    issues.Add(new DataIssue(line, "maturity_date", text, FormattableString.Invariant($"is not after the reporting date {asOf:yyyy-MM-dd}")));
                    return 0;
                }

                double years = (md.DayNumber - asOf.DayNumber) / ProvisionRules.DaysPerYear;
                if (years > MaxRemainingYears)
                {
                    issues.Add(new DataIssue(line, "maturity_date", text, "is more than 100 years after the reporting date"));
                }

                return years;
            }

            issues.Add(new DataIssue(line, c.Term >= 0 ? c.TermName : "maturity_date", "", "is empty: the remaining term is needed"));
            return 0;
        }

        private static double Number(CsvRecordSplitter sp, CsvFormat format, int field, string column, List<DataIssue> issues, long line, bool required,
            Func<double, string?> rule, string range)
        {
            if (field < 0)
            {
                return double.NaN;
            }

            var text = sp.Value(field);
            if (text.IsEmpty)
            {
                if (required)
                {
                    issues.Add(new DataIssue(line, column, "", "is empty: discounting needs the effective interest rate"));
                }

                return double.NaN;
            }

            if (!ProvisionText.TryParse(text, format, out double v))
            {
                issues.Add(new DataIssue(line, column, ProvisionText.Text(text), range));
                return double.NaN;
            }

            if (rule(v) is string broken)
            {
                issues.Add(new DataIssue(line, column, ProvisionText.Text(text), broken));
                return double.NaN;
            }

            return v;
        }
    }

    private static string Summary(EclJobOptions o, PipelineCounts c, string source, double total, int years, long lgdFallbacks)
    {
        int p = o.PeriodsPerYear;
        var rules = o.Staging;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"provision ecl: {c.RowsRead} loans read from {source}, {c.RowsValued} measured, {c.RowsRejected} rejected; total ECL allowance {N(total)}.\n");
        sb.Append(ProvisionText.SkipInvalidNote(o.SkipInvalid, c.RowsRead, c.RowsValued, c.RowsRejected, c.IssueCount));
        if (o.SkipInvalid && c.RowsRejected > 0 && o.OpeningBookPath is not null)
        {
            sb.Append("Movement: a rejected closing row has no closing allowance, so an opening loan whose closing row was rejected is reported as derecognised; the opening book itself must be valid.\n");
        }

        foreach (var note in o.Assumptions)
        {
            sb.Append(note).Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"Periods: {(p == 1 ? "yearly" : p == 4 ? "quarterly" : "monthly")} over the remaining term (horizon {years} years); a final part-period counts as a fraction, its cumulative PD interpolated linearly in time.\n");
        sb.Append("ECL = sum_t [C(t_end) - C(t_start)] x LGD x EAD(t_start) x (1 - prepayment)^t_start x (1 + EIR)^-t_end: default at the end of each period, EAD at its start, discounted at the loan's EIR.\n");
        sb.Append("12-month ECL: the same sum over min(1 year, remaining term). EAD profiles: bullet = balance; linear = balance x (1 - s/T); annuity = outstanding principal of a level annuity at the EIR.\n");
        sb.Append(CultureInfo.InvariantCulture, $"Prepayment rate: {N(o.PrepaymentRate)} a year.\n");
        sb.Append(o.AsOf is null ? "Remaining term from the term column (remaining contractual term in years; alias remaining_term).\n"
            : string.Create(CultureInfo.InvariantCulture, $"Reporting date {o.AsOf:yyyy-MM-dd}; remaining term from the term column (alias remaining_term), else from maturity_date as days / 365.25.\n"));
        sb.Append(CultureInfo.InvariantCulture, $"ECL LGD: ecl_lgd (point-in-time, unbiased: IFRS 9 5.5.17(a)) where given; {lgdFallbacks} of {c.RowsValued} measured loans had no ecl_lgd and took the book's lgd (fallback).\n");
        sb.Append(CultureInfo.InvariantCulture, $"Staging: stage column overrides; stage 3 if in a default state or dpd > {N(rules.CreditImpairedDaysPastDue)}; stage 2 if classification in ({string.Join(", ", o.WatchStates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}), dpd > {N(rules.SicrDaysPastDue)}, or lifetime PD > {N(rules.RelativeThreshold)} x pd_origination and exceeding it by > {N(rules.AbsoluteThreshold)}; stage 1 otherwise. Empty dpd / pd_origination: that rule is not applied.\n");
        sb.Append("Allowance: stage 1 = 12-month ECL, stage 2 = lifetime ECL, stage 3 = the impairment column when given, else LGD x EAD (PD = 1, LGD taken as already discounted).\n");
        sb.Append("Loans in a default state: model PDs 1 and model ECLs LGD x EAD.\n");
        if (o.Scenarios.Count > 0)
        {
            sb.Append("Scenarios (probability-weighted; PDs and ECLs in loans.csv are weighted, staging uses the weighted lifetime PD):");
            foreach (var s in o.Scenarios)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {s.Name} weight {N(s.Weight)} ");
                sb.Append(s.Description);
                sb.Append(';');
            }

            sb.Append('\n');
        }
        else
        {
            sb.Append("No forward-looking scenarios: one (unconditioned) migration model.\n");
        }

        return sb.ToString();
    }

    private static void WriteManifest(Stream stream, OutputDirectory output, EclJobOptions o, ProvisionJobSummary s, string? openingSha, EclTotals totals, string summaryText, Sinks.DatabaseTableSink? database)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        var inputs = new List<(string, string, string)> { ("book", s.Source, s.InputSha256) };
        if (o.OpeningBookPath is string open)
        {
            inputs.Add(("opening_book", Path.GetFileName(open), openingSha ?? ""));
        }

        ProvisionText.WriteManifestHead(json, "valuecore provision ecl", o.Timestamp, inputs.Concat(ProvisionText.Hash(o.InputFiles)), o.BookPath);
        ProvisionText.WriteRows(json, s.RowsRead, s.RowsValued, s.RowsRejected, s.BlankLines);
        json.WriteStartObject("fallbacks");
        json.WriteNumber("ecl_lgd_from_lgd", s.EclLgdFallbacks);
        json.WriteEndObject();
        json.WriteStartObject("parameters");
        json.WriteNumber("periods_per_year", o.PeriodsPerYear);
        json.WriteNumber("prepayment_rate", o.PrepaymentRate);
        if (o.Amortisation is EadProfile profile)
        {
            json.WriteString("amortisation_default", profile switch { EadProfile.Bullet => "bullet", EadProfile.Linear => "linear", _ => "annuity" });
        }
        else
        {
            json.WriteNull("amortisation_default");
        }
        if (o.AsOf is DateOnly asOf)
        {
            json.WriteString("as_of", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        json.WriteNumber("sicr_days_past_due", o.Staging.SicrDaysPastDue);
        json.WriteNumber("credit_impaired_days_past_due", o.Staging.CreditImpairedDaysPastDue);
        json.WriteNumber("sicr_relative", o.Staging.RelativeThreshold);
        json.WriteNumber("sicr_absolute", o.Staging.AbsoluteThreshold);
        json.WriteStartArray("watch_states");
        foreach (var w in o.WatchStates)
        {
            json.WriteStringValue(w);
        }

        json.WriteEndArray();
        json.WriteStartArray("scenarios");
        foreach (var sc in o.Scenarios)
        {
            json.WriteStartObject();
            json.WriteString("name", sc.Name);
            json.WriteNumber("weight", sc.Weight);
            json.WriteString("model", sc.Description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("horizon_years", s.HorizonYears);
        json.WriteBoolean("skip_invalid", o.SkipInvalid);
        ProvisionText.WriteParameters(json, o.ManifestParameters);
        json.WriteEndObject();
        ProvisionText.WriteAssumptions(json, summaryText);
        json.WriteStartObject("totals");
        json.WriteNumber("loans", s.RowsValued);
        json.WriteNumber("ecl", s.Total);
        for (int st = 1; st <= 3; st++)
        {
            json.WriteNumber(FormattableString.Invariant($"ecl_stage{st}"), totals.StageEcl[st].Value);
        }

        json.WriteEndObject();
        Sinks.ResultTables.WriteManifest(json, o.Tables, database);
        output.WriteFileList(json);
        json.WriteEndObject();
    }
}
