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
    /// <summary>The longest remaining term accepted, in years (curves must cover it).</summary>
    public const int MaxRemainingYears = 100;

    private const double DaysPerYear = 365.25;

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
        var runtime = Prepare(options);
        string source = Path.GetFileName(options.BookPath);
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
        var totals = new Totals(runtime.ScenarioCount);
        var movement = opening is null ? null : new NeumaierSum[8 * 4];
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
                totals.Merge(chunk);
                if (opening is not null)
                {
                    opening.Match(chunk, movement!);
                }
            },
            options.SkipInvalid,
            (issue, loanId) => ProvisionText.WriteReject(rejected!, issue, loanId),
            options.Csv);
        if (!options.SkipInvalid)
        {
            result.ThrowIfAny(source);
        }

        loans.Dispose();
        if (opening is not null)
        {
            opening.Finish(movement!);
        }

        var files = new List<string> { Path.Combine(output.Path, "loans.csv") };
        if (rejected is not null)
        {
            rejected.Dispose();
            files.Add(Path.Combine(output.Path, "rejected.csv"));
        }

        double total = 0;
        for (int s = 1; s <= 3; s++)
        {
            total += totals.StageEcl[s].Value;
        }

        int years = Math.Max(1, (int)Math.Ceiling(totals.MaxRemaining - ExpectedCreditLoss.WholePeriodTolerance));
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
                for (int r = 0; r < names.Length; r++)
                {
                    double s1 = movement[(r * 4) + 1].Value, s2 = movement[(r * 4) + 2].Value, s3 = movement[(r * 4) + 3].Value;
                    CsvText.WriteLine(w, names[r], N(s1), N(s2), N(s3), N(s1 + s2 + s3));
                }
            }

            files.Add(Path.Combine(output.Path, "movement.csv"));
        }

        var summary = result.ToSummary(source, options.SkipInvalid, total, files, years) with { EclLgdFallbacks = totals.LgdFallbacks };
        using (var m = output.Create("manifest.json"))
        {
            WriteManifest(m, output, options, summary, opening?.Sha256, totals, summaryText);
        }

        files.Add(Path.Combine(output.Path, "manifest.json"));
        output.Commit();
        return summary;
    }

    private static string N(double v) => CsvText.Number(v);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static double Coverage(double provision, double exposure) => exposure > 0 ? provision / exposure : double.NaN;

    /// <summary>Checks the options and turns the models into state lookups shared by the workers.</summary>
    private static Runtime Prepare(EclJobOptions o)
    {
        if (o.PeriodsPerYear is not (1 or 4 or 12))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(o.PeriodsPerYear), o.PeriodsPerYear, "{1, 4, 12}");
        }

        if (!(o.PrepaymentRate >= 0 && o.PrepaymentRate < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(o.PrepaymentRate), o.PrepaymentRate, "[0, 1)");
        }

        if (o.Model is null && o.SegmentModels.Count == 0)
        {
            ThrowHelper.Argument(nameof(o), "A model is needed (Model or SegmentModels).");
        }

        int sCount = Math.Max(1, o.Scenarios.Count);
        var watch = new HashSet<string>(o.WatchStates, StringComparer.Ordinal);
        var lookups = new Dictionary<EclModel, ModelRuntime>();
        ModelRuntime Of(EclModel m)
        {
            if (!lookups.TryGetValue(m, out var r))
            {
                if (m.Curves.Count != sCount)
                {
                    ThrowHelper.Argument(nameof(o), FormattableString.Invariant($"Each model needs {sCount} curve sets (one per scenario), not {m.Curves.Count}."));
                }

                int periods = int.MaxValue;
                foreach (var c in m.Curves)
                {
                    if (c.PeriodsPerYear != o.PeriodsPerYear || !c.States.Equals(m.Model.States))
                    {
                        ThrowHelper.Argument(nameof(o), FormattableString.Invariant($"The curves must be on the model's states, with {o.PeriodsPerYear} periods a year."));
                    }

                    periods = Math.Min(periods, c.Periods);
                }

                r = new ModelRuntime(new StateLookup(m.Model, watch), [.. m.Curves], periods / (double)o.PeriodsPerYear);
                lookups[m] = r;
            }

            return r;
        }

        var bySegment = new Dictionary<string, ModelRuntime>(StringComparer.Ordinal);
        foreach (var (segment, m) in o.SegmentModels)
        {
            bySegment[segment] = Of(m);
        }

        var weights = o.Scenarios.Count == 0 ? [1.0] : o.Scenarios.Select(s => s.Weight).ToArray();
        return new Runtime(bySegment, o.Model is null ? null : Of(o.Model), weights, sCount);
    }

    private sealed record ModelRuntime(StateLookup States, PDCurveSet[] Curves, double HorizonYears);

    private sealed record Runtime(Dictionary<string, ModelRuntime> BySegment, ModelRuntime? Fallback, double[] Weights, int ScenarioCount);

    private static Func<ProvisionChunkWorker<EclChunk>> Setup(LoanBookSchema schema, string[] header, PipelineCounts counts,
        EclJobOptions options, Runtime runtime, bool format)
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
            counts.AddIssue(new DataIssue(1, TermAlias, "", $"the book has both {TermColumn} and {TermAlias} (an alias of {TermColumn}): keep one"));
            broken = true;
        }

        if (cols.Eir < 0)
        {
            counts.AddIssue(new DataIssue(1, "", "", "the book has no eir column (needed for discounting)"));
            broken = true;
        }

        if (cols.Term < 0 && cols.Maturity < 0)
        {
            counts.AddIssue(new DataIssue(1, "", "", Col(LoanColumns.Maturity) >= 0
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
            counts.AddIssue(new DataIssue(1, "", "", "the book has no amortisation column: add one or give --amortisation bullet|linear|annuity"));
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

    private sealed class SegmentTotals
    {
        public long Loans;
        public NeumaierSum Exposure;
        public readonly NeumaierSum[] Ecl = new NeumaierSum[4]; // 0 = all stages, 1..3 by stage
    }

    private sealed class Totals(int scenarios)
    {
        public long[] StageLoans { get; } = new long[4];
        public NeumaierSum[] StageExposure { get; } = new NeumaierSum[4];
        public NeumaierSum[] StageEcl { get; } = new NeumaierSum[4];
        public NeumaierSum[] Scenario { get; } = new NeumaierSum[scenarios];
        public Dictionary<string, SegmentTotals> Segments { get; } = new(StringComparer.Ordinal);
        public double MaxRemaining { get; set; }

        /// <summary>Measured loans whose ECL took the book's lgd because ecl_lgd was absent or empty.</summary>
        public long LgdFallbacks { get; set; }

        public void Clear()
        {
            LgdFallbacks = 0;
            Array.Clear(StageLoans);
            Array.Clear(StageExposure);
            Array.Clear(StageEcl);
            Array.Clear(Scenario);
            Segments.Clear();
            MaxRemaining = 0;
        }

        public void Merge(EclChunk c)
        {
            var t = c.Totals;
            for (int s = 0; s < 4; s++)
            {
                StageLoans[s] += t.StageLoans[s];
            }

            ProvisionText.Merge(StageExposure, t.StageExposure);
            ProvisionText.Merge(StageEcl, t.StageEcl);
            ProvisionText.Merge(Scenario, t.Scenario);
            foreach (var (name, a) in t.Segments)
            {
                if (!Segments.TryGetValue(name, out var into))
                {
                    into = new SegmentTotals();
                    Segments[name] = into;
                }

                into.Loans += a.Loans;
                into.Exposure.Add(in a.Exposure);
                ProvisionText.Merge(into.Ecl, a.Ecl);
            }

            MaxRemaining = Math.Max(MaxRemaining, t.MaxRemaining);
            LgdFallbacks += t.LgdFallbacks;
        }
    }

    private sealed class EclChunk(int scenarios) : ProvisionChunk
    {
        public Totals Totals { get; } = new(scenarios);

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

    /// <summary>The opening book's loans, matched to the closing book by identifier.</summary>
    private sealed class Opening
    {
        private readonly Dictionary<UInt128, int> _index = [];
        private readonly List<byte> _stage = [];
        private readonly List<double> _ecl = [];
        private bool[] _seen = [];
        private readonly NeumaierSum[] _opening = new NeumaierSum[4];

        public string Sha256 { get; set; } = "";

        public void Add(EclChunk c)
        {
            var book = c.Book!;
            for (int v = 0; v < book.Valid; v++)
            {
                if (c.Ok[v] && _index.TryAdd(new UInt128(book.IdHash[v], c.IdHash2[v]), _stage.Count))
                {
                    _stage.Add(c.Stage[v]);
                    _ecl.Add(c.Ecl[v]);
                    _opening[c.Stage[v]].Add(c.Ecl[v]);
                }
            }
        }

        /// <summary>Rows (opening, transfer to 1..3, new, derecognised, remeasurement, closing) x stage (1..3), 4 wide.</summary>
        public void Match(EclChunk c, NeumaierSum[] mv)
        {
            if (_seen.Length != _stage.Count)
            {
                _seen = new bool[_stage.Count];
            }

            var book = c.Book!;
            for (int v = 0; v < book.Valid; v++)
            {
                if (!c.Ok[v])
                {
                    continue;
                }

                int b = c.Stage[v];
                double ecl = c.Ecl[v];
                mv[(7 * 4) + b].Add(ecl);
                if (!_index.TryGetValue(new UInt128(book.IdHash[v], c.IdHash2[v]), out int o))
                {
                    mv[(4 * 4) + b].Add(ecl);
                    continue;
                }

                _seen[o] = true;
                int a = _stage[o];
                if (a != b)
                {
                    mv[(b * 4) + a].Add(-_ecl[o]);
                    mv[(b * 4) + b].Add(_ecl[o]);
                }

                mv[(6 * 4) + b].Add(ecl - _ecl[o]);
            }
        }

        public void Finish(NeumaierSum[] mv)
        {
            if (_seen.Length != _stage.Count)
            {
                _seen = new bool[_stage.Count];
            }

            for (int s = 1; s <= 3; s++)
            {
                mv[s].Add(in _opening[s]);
            }

            for (int o = 0; o < _seen.Length; o++)
            {
                if (!_seen[o])
                {
                    mv[(5 * 4) + _stage[o]].Add(-_ecl[o]);
                }
            }
        }
    }

    private sealed class EclWorker : ProvisionChunkWorker<EclChunk>
    {
        private readonly Columns _cols;
        private readonly EclJobOptions _o;
        private readonly Runtime _rt;
        private readonly bool _format;
        private readonly bool _matchIds;
        private readonly string _eirRange, _dpdRange, _pdRange, _impairmentRange;
        private readonly double[] _f12, _fLife, _eclS;
        private string? _lastSegment;
        private ModelRuntime? _lastModel;
        private SegmentTotals? _lastTotals;

        public EclWorker(LoanBookSchema schema, Columns cols, EclJobOptions options, Runtime runtime, bool format)
            : base(schema)
        {
            _cols = cols;
            _o = options;
            _rt = runtime;
            _format = format;
            _matchIds = options.OpeningBookPath is not null;
            _eirRange = Range(-1, 10, lowOpen: true);
            _dpdRange = Range(0, 1e6, lowOpen: false);
            _pdRange = Range(0, 1, lowOpen: false);
            _impairmentRange = Range(0, AmountBound.Max, lowOpen: false);
            _f12 = new double[runtime.ScenarioCount];
            _fLife = new double[runtime.ScenarioCount];
            _eclS = new double[runtime.ScenarioCount];
        }

        private static string Range(double min, double max, bool lowOpen) => FormattableString.Invariant($"{(lowOpen ? "(" : "[")}{min:R}, {max:R}]");

        protected override EclChunk Create() => new(_rt.ScenarioCount);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        protected override void Compute(CsvChunk chunk, EclChunk result, List<DataIssue> issues)
        {
            var book = result.Book!;
            var totals = result.Totals;
            var s = Schema;
            var c = _cols;
            int p = _o.PeriodsPerYear;
            double prepay = _o.PrepaymentRate;
            int sCount = _rt.ScenarioCount;
            var weights = _rt.Weights;
            var rules = _o.Staging;
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
                    _lastModel = _rt.BySegment.GetValueOrDefault(segment) ?? _rt.Fallback;
                    _lastTotals = null;
                    _lastSegment = segment;
                }

                var model = _lastModel;
                var cls = s.Classification >= 0 ? sp.Value(s.Classification) : default;
                int state = -1;
                if (model is null)
                {
                    issues.Add(new DataIssue(line, LoanColumns.Segment, segment, "has no migration model (no matrix for the segment and no fallback)"));
                }
                else if ((state = model.States.IndexOf(cls)) < 0)
                {
                    issues.Add(new DataIssue(line, LoanColumns.Classification, ProvisionText.Text(cls), $"is not a state of the matrix for segment '{segment}' ({model.States.StatesText})"));
                }

                double eir = Number(sp, c.Eir, "eir", issues, line, required: true, -1, 10, lowOpen: true, _eirRange);
                double remaining = Remaining(sp, issues, line);
                var profile = _o.Amortisation ?? EadProfile.Bullet;
                if (c.Amortisation >= 0 && !TryProfile(sp.Value(c.Amortisation), out profile))
                {
                    issues.Add(new DataIssue(line, "amortisation", ProvisionText.Text(sp.Value(c.Amortisation)), "must be bullet, linear or annuity"));
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
                        issues.Add(new DataIssue(line, "stage", ProvisionText.Text(st), "must be 1, 2, 3 or empty"));
                    }
                }

                double dpd = Number(sp, c.Dpd, "dpd", issues, line, required: false, 0, 1e6, lowOpen: false, _dpdRange);
                double pdOrig = Number(sp, c.PdOrigination, "pd_origination", issues, line, required: false, 0, 1, lowOpen: false, _pdRange);
                double impairment = Number(sp, c.Impairment, "impairment", issues, line, required: false, 0, AmountBound.Max, lowOpen: false, _impairmentRange);
                double eclLgd = Number(sp, c.EclLgd, EclLgdColumn, issues, line, required: false, 0, 1, lowOpen: false, _pdRange);
                if (issues.Count == before && state >= 0 && remaining > model!.HorizonYears + ExpectedCreditLoss.WholePeriodTolerance)
                {
                    bool fromTerm = c.Term >= 0 && !sp.Value(c.Term).IsEmpty;
                    issues.Add(new DataIssue(line, fromTerm ? c.TermName : "maturity_date", ProvisionText.Text(sp.Value(fromTerm ? c.Term : c.Maturity)),
                        FormattableString.Invariant($"is beyond the {model.HorizonYears:R}-year horizon of the PD curves of segment '{segment}'")));
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
                double w0 = 0, w1 = 0, w2 = 0, w3 = 0;
                for (int k = 0; k < sCount; k++)
                {
                    var f = ExpectedCreditLoss.ComputeUnchecked(model!.Curves[k].Curve(state), p, remaining, ead, lgd, eir, profile, prepay);
                    _f12[k] = f.Ecl12Month;
                    _fLife[k] = f.EclLifetime;
                    double w = weights[k];
                    w0 += w * f.PD12Month;
                    w1 += w * f.PDLifetime;
                    w2 += w * f.Ecl12Month;
                    w3 += w * f.EclLifetime;
                }

                var a = Staging.Assign(stageOverride, model!.States.Absorbing[state], model.States.Watch[state], dpd, Math.Min(1, Math.Max(0, w1)), pdOrig, rules);
                double ecl = Allowance(a.Stage, w2, w3, lgd, ead, impairment);
                for (int k = 0; k < sCount; k++)
                {
                    _eclS[k] = Allowance(a.Stage, _f12[k], _fLife[k], lgd, ead, impairment);
                    result.ScenarioEcl[(v * sCount) + k] = _eclS[k];
                }

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

                if (_lastTotals is null && !totals.Segments.TryGetValue(segment, out _lastTotals))
                {
                    _lastTotals = new SegmentTotals();
                    totals.Segments[segment] = _lastTotals;
                }

                AddRow(totals, _lastTotals, result.ScenarioEcl.AsSpan(v * sCount, sCount), a.Stage, ead, ecl, remaining, lgdFallback);
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
                        pos = ProvisionText.Num(d, pos, _eclS[k]);
                    }
                }

                d[pos++] = (byte)'\n';
                result.OutputEnd[v] = pos;
            }

            result.Output = output;
            result.OutputLength = pos;
        }

        /// <summary>One measured row into the chunk's totals (the same sums, in row order, whether measured or rebuilt).</summary>
        private static void AddRow(Totals totals, SegmentTotals segment, ReadOnlySpan<double> scenarioEcl, int stage, double ead, double ecl, double remaining,
            bool lgdFallback)
        {
            if (lgdFallback)
            {
                totals.LgdFallbacks++;
            }

            for (int k = 0; k < scenarioEcl.Length; k++)
            {
                totals.Scenario[k].Add(scenarioEcl[k]);
            }

            totals.StageLoans[stage]++;
            totals.StageExposure[stage].Add(ead);
            totals.StageEcl[stage].Add(ecl);
            segment.Loans++;
            segment.Exposure.Add(ead);
            segment.Ecl[stage].Add(ecl);
            segment.Ecl[0].Add(ecl);
            totals.MaxRemaining = Math.Max(totals.MaxRemaining, remaining);
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
                if (!totals.Segments.TryGetValue(segment, out var into))
                {
                    into = new SegmentTotals();
                    totals.Segments[segment] = into;
                }

                AddRow(totals, into, result.ScenarioEcl.AsSpan(v * sCount, sCount), result.Stage[v], book.Ead[v], result.Ecl[v], result.Remaining[v], result.LgdFallback[v]);
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
                if (!ProvisionText.TryParse(term, out double t) || !(t > 0 && t <= MaxRemainingYears))
                {
                    issues.Add(new DataIssue(line, c.TermName, ProvisionText.Text(term), "must be a number of years in (0, 100]"));
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

                double years = (md.DayNumber - asOf.DayNumber) / DaysPerYear;
                if (years > MaxRemainingYears)
                {
                    issues.Add(new DataIssue(line, "maturity_date", text, "is more than 100 years after the reporting date"));
                }

                return years;
            }

            issues.Add(new DataIssue(line, c.Term >= 0 ? c.TermName : "maturity_date", "", "is empty: the remaining term is needed"));
            return 0;
        }

        private static double Number(CsvRecordSplitter sp, int field, string column, List<DataIssue> issues, long line, bool required,
            double min, double max, bool lowOpen, string range)
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

            if (!ProvisionText.TryParse(text, out double v) || v < min || v > max || (lowOpen && v == min))
            {
                // An amount beyond the amount bound names the bound (docs/conventions.md, "Value bounds").
                issues.Add(new DataIssue(line, column, ProvisionText.Text(text), max == AmountBound.Max && v > max ? AmountBound.NonNegativeRule : $"must be a number in {range}"));
                return double.NaN;
            }

            return v;
        }
    }

    private static bool TryProfile(ReadOnlySpan<byte> text, out EadProfile profile)
    {
        if (text.SequenceEqual("bullet"u8))
        {
            profile = EadProfile.Bullet;
            return true;
        }

        if (text.SequenceEqual("linear"u8))
        {
            profile = EadProfile.Linear;
            return true;
        }

        profile = text.SequenceEqual("annuity"u8) ? EadProfile.Annuity : EadProfile.Bullet;
        return profile == EadProfile.Annuity;
    }

    /// <summary>The allowance of a loan for its stage: 12-month ECL, lifetime ECL, or the DCF impairment / LGD x EAD.</summary>
    internal static double Allowance(int stage, double ecl12, double eclLife, double lgd, double ead, double impairment) => stage switch
    {
        1 => ecl12,
        2 => eclLife,
        _ => double.IsNaN(impairment) ? lgd * ead : impairment,
    };

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

    private static void WriteManifest(Stream stream, OutputDirectory output, EclJobOptions o, ProvisionJobSummary s, string? openingSha, Totals totals, string summaryText)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        var inputs = new List<(string, string, string)> { ("book", s.Source, s.InputSha256) };
        if (o.OpeningBookPath is string open)
        {
            inputs.Add(("opening_book", Path.GetFileName(open), openingSha ?? ""));
        }

        ProvisionText.WriteManifestHead(json, "valuecore provision ecl", o.Timestamp, inputs.Concat(ProvisionText.Hash(o.InputFiles)));
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
        output.WriteFileList(json);
        json.WriteEndObject();
    }
}
