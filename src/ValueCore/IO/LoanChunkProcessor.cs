using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using ValueCore.Capital;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.IO;

/// <summary>
/// What one chunk of a loan-book CSV became: rejects with their issues, and the valued rows. Its arrays are sized for a
/// whole chunk and reused from chunk to chunk (<see cref="Reset"/>), so the batch allocates little per chunk.
/// </summary>
internal sealed class LoanChunkResult
{
    public LoanChunkResult(int capacity, bool text, int attributes, int rawFields, int groupings)
    {
        Capacity = capacity;
        Record = new int[capacity];
        IdHash = new ulong[capacity];
        Segment = new string[capacity];
        Ead = new double[capacity];
        Fallbacks = new byte[capacity];
        OutputEnds = new int[capacity];
        Parsed = new ParsedColumns(capacity, text, attributes);
        RawRanges = new int[capacity * rawFields * 2];
        EchoRanges = new int[capacity * 4];
        Values = new ValuationColumns(capacity);
        Keys = Enumerable.Range(0, groupings).Select(_ => new string[capacity]).ToArray();
        GroupOfRow = Enumerable.Range(0, groupings).Select(_ => new int[capacity]).ToArray();
        Groups = new GroupAccumulator[groupings];
        Shape = (text, attributes, rawFields, groupings);
    }

    public int Capacity { get; }

    public (bool Text, int Attributes, int RawFields, int Groupings) Shape { get; }

    public CsvChunk Chunk { get; private set; } = null!;

    /// <summary>Data rows (blank lines and the header excluded).</summary>
    public int Rows { get; set; }

    public int BlankLines { get; set; }

    /// <summary>Rows whose pd, as read, is above <see cref="PdScale.PercentHint"/> (the "looks like percent" test).</summary>
    public int PdAbovePercentHint { get; set; }

    public List<(DataIssue Issue, string LoanId)> Issues { get; } = [];

    public int RejectedRows { get; set; }

    public int Valid { get; set; }

    /// <summary>Per valid row: the record index in the chunk.</summary>
    public int[] Record { get; }

    public ulong[] IdHash { get; }

    public string[] Segment { get; }

    public double[] Ead { get; }

    /// <summary>Per valid row, the conventions applied for want of a value (<see cref="Fallback"/> flags).</summary>
    public byte[] Fallbacks { get; }

    /// <summary>The fallback counts of the valid rows (the library's one counting rule over <see cref="Fallbacks"/>).</summary>
    public ValuationFallbacks FallbackCounts => ValuationFallbacks.Of(Fallbacks.AsSpan(0, Valid));

    public ValuationColumns Values { get; }

    /// <summary>Parsed input columns of the valid rows (for building a <see cref="LoanBook"/>).</summary>
    public ParsedColumns Parsed { get; }

    /// <summary>Per valid row, the raw (as-in-file) byte ranges of the text fields copied to loans.csv: start, length pairs.</summary>
    public int[] RawRanges { get; }

    /// <summary>
    /// Per valid row, where the ead and pd texts stand in the chunk when they can be copied to loans.csv as they are
    /// (<see cref="NumberText.IsCanonical"/>): ead start, ead length, pd start, pd length; a length of 0 means format.
    /// </summary>
    public int[] EchoRanges { get; }

    public int ZeroCapital { get; set; }

    /// <summary>Per grouping: each valid row's key, the chunk's accumulator and each valid row's group.</summary>
    public string[][] Keys { get; }

    public GroupAccumulator[] Groups { get; }

    public int[][] GroupOfRow { get; }

    /// <summary>Formatted output lines of the valid rows (owned and reused).</summary>
    public byte[] Output { get; set; } = [];

    public int[] OutputEnds { get; }

    public LoanChunkResult Reset(CsvChunk chunk)
    {
        Chunk = chunk;
        Rows = BlankLines = PdAbovePercentHint = RejectedRows = Valid = ZeroCapital = 0;
        Issues.Clear();
        return this;
    }
}

/// <summary>The parsed input columns of the valid rows of a chunk.</summary>
internal sealed class ParsedColumns(int n, bool text, int attributes)
{
    public double[] Drawn { get; } = new double[n];
    public double[] Undrawn { get; } = new double[n];
    public double[] CommitmentFee { get; } = new double[n];
    public double[] UndrawnFtp { get; } = new double[n];
    public double[] UndrawnIncome { get; } = new double[n];
    public double[] Term { get; } = new double[n];
    public AssetClass[] AssetClass { get; } = new AssetClass[n];
    public double[] Pd { get; } = new double[n];
    public double[] Lgd { get; } = new double[n];
    public double[] Maturity { get; } = new double[n];
    public double[] Sales { get; } = new double[n];
    public double[] Rate { get; } = new double[n];
    public double[] Ftp { get; } = new double[n];
    public double[] Fees { get; } = new double[n];
    public double[] Opex { get; } = new double[n];
    public double[] Beel { get; } = new double[n];
    public string[] LoanId { get; } = text ? new string[n] : [];
    public string[] CustomerId { get; } = text ? new string[n] : [];
    public string[] Product { get; } = text ? new string[n] : [];
    public string[] Classification { get; } = text ? new string[n] : [];
    public string[][] Attributes { get; } = text ? Enumerable.Range(0, attributes).Select(_ => new string[n]).ToArray() : [];

    /// <summary>The Basel III columns of the valid rows (allocated when the file has one of them).</summary>
    public RegulatoryColumns Regulatory => _regulatory ??= new RegulatoryColumns(n);

    /// <summary>Whether the Basel III columns were allocated (the file has one of them).</summary>
    public bool HasRegulatory => _regulatory is not null;

    /// <summary>Per valid row, whether it meets the regulatory retail criteria (CRE20.65), under Basel III.</summary>
    public bool[] RegulatoryRetail => _regulatoryRetail ??= new bool[n];

    private RegulatoryColumns? _regulatory;
    private bool[]? _regulatoryRetail;
}

/// <summary>
/// Parses, validates, values and formats one chunk of loan-book records. One instance per worker thread (it reuses
/// its buffers); every result depends on the chunk alone, so any number of workers give the same output.
/// </summary>
internal sealed class LoanChunkProcessor
{
    private readonly LoanBookSchema _schema;
    private readonly ValuationOptions _options;
    private readonly IReadOnlyList<IReadOnlyList<int>> _groupings;
    private readonly bool[] _bySegmentOnly; // grouping g is the segment column alone: its key is the row's segment
    private readonly int[] _keep;
    private readonly CsvRecordSplitter _splitter;
    private readonly bool _decimalComma;   // numbers carry a decimal comma: parsed through the format, never echoed
    private readonly bool _foreignDelimiter; // fields are not separated by ',': a copied field holding ',' is quoted
    private readonly TextInterner _interner = new();
    private readonly double[] _floors;
    private char[] _keyChars = new char[256];

    // The column path (a typed source's number fields as decoded doubles, Sources.ParquetCsvStream): the row group
    // of the current row and its row there; null for a text chunk, so a CSV row pays one null test per number field.
    private Sources.TypedRowGroup? _typedGroup;
    private int _typedRow;

    public LoanChunkProcessor(LoanBookSchema schema, ValuationOptions options, IReadOnlyList<IReadOnlyList<int>> groupings, int[] keep)
    {
        _schema = schema;
        _splitter = new CsvRecordSplitter(schema.Format.Delimiter);
        _decimalComma = schema.Format.DecimalComma;
        _foreignDelimiter = schema.Format.Delimiter != (byte)',';
        _options = options;
        _groupings = groupings;
        _bySegmentOnly = groupings.Select(g => g is [int only] && only == schema.Segment).ToArray();
        _keep = keep;
        _floors = new double[(int)AssetClass.RetailOther + 1];
        for (int c = 0; c < _floors.Length; c++)
        {
            _floors[c] = options.Irb.FloorFor((AssetClass)c);
        }
    }

    /// <summary>Whether the Basel III regulatory basis is computed (regime Basel III): RWA by the Basel III rules, lgd_used, rwa_sa, risk_weight_sa.</summary>
    private bool Basel3 => _options.Irb.Regime == CapitalRegime.Basel3;

    private readonly RetailExposureTotals? _retailTotals;

    /// <summary>The book's retail exposures per counterparty (the whole-file pre-pass of the Basel III batch, CRE20.65);
    /// used only under Basel III; null there: every retail loan reads as not regulatory retail.</summary>
    public RetailExposureTotals? RetailTotals
    {
        get => _retailTotals;
        init => _retailTotals = Basel3 ? value : null;
    }

    /// <summary>Sets whether row <paramref name="v"/> meets the regulatory retail criteria (CRE20.65), from the pre-pass totals.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void SetRegulatoryRetail(ParsedColumns parsed, int v, AssetClass ac, double pd, double drawn, double undrawn)
    {
        double ltv = _schema.HasRegulatory ? parsed.Regulatory.Ltv[v] : double.NaN;
        parsed.RegulatoryRetail[v] = StandardisedApproach.IsRetailCandidate(ac, pd, ltv)
            && _retailTotals!.Qualifies(_schema.CustomerId >= 0 ? _splitter.Value(_schema.CustomerId) : default, StandardisedApproach.GrossExposure(drawn, undrawn), _interner);
    }

    /// <summary>Whether per-loan output lines are formatted.</summary>
    public bool WriteLoans { get; init; } = true;

    /// <summary>Whether the text columns are kept (to build a <see cref="LoanBook"/>); the batch needs only the key columns.</summary>
    public bool KeepText { get; init; }

    /// <summary>The funding curves for loans without a transfer price (the valuation options'; null: ftp_rate is required).</summary>
    private Pricing.FundingOptions? Funding => _options.Funding;

    /// <summary>Whether rows are valued (false when only reading a book).</summary>
    public bool ValueRows { get; init; } = true;

    /// <summary>Whether text fields are copied to loans.csv as they are, without the formula apostrophe (<see cref="CsvText.RawText"/>).</summary>
    public bool RawText { get; init; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public LoanChunkResult Process(CsvChunk chunk, int firstRecord, LoanChunkResult? reuse = null)
    {
        int n = chunk.Count;
        int rawFields = 3 + _keep.Length;
        var shape = (KeepText, _schema.Attributes.Length, WriteLoans ? rawFields : 0, _groupings.Count);
        var result = reuse is not null && reuse.Capacity >= n && reuse.Shape == shape
            ? reuse.Reset(chunk)
            : new LoanChunkResult(n, shape.KeepText, shape.Length, shape.Item3, shape.Item4).Reset(chunk);
        var parsed = result.Parsed;
        var assetClass = parsed.AssetClass;
        double[] pd = parsed.Pd, lgd = parsed.Lgd, maturity = parsed.Maturity, sales = parsed.Sales, rate = parsed.Rate,
            ftp = parsed.Ftp, fees = parsed.Fees, opex = parsed.Opex, beel = parsed.Beel;
        var keys = result.Keys;
        // A bare CR inside a copied field must be quoted in loans.csv; a chunk without any CR (LF line ends) skips the
        // per-field look for one.
        bool mayHoldCr = WriteLoans && chunk.Data.AsSpan(0, chunk.Length).Contains((byte)'\r');
        // A file with another delimiter may hold unquoted commas, which loans.csv must quote: such a chunk copies
        // every text field through the same look as a CR.
        mayHoldCr |= WriteLoans && _foreignDelimiter && chunk.Data.AsSpan(0, chunk.Length).Contains((byte)',');
        int v = 0;
        var typed = chunk.Typed;
        int typedHint = 0;
        _typedGroup = null;
        for (int r = firstRecord; r < n; r++)
        {
            int start = r == 0 ? 0 : chunk.RecordEnds[r - 1];
            var record = chunk.Record(r);
            if (record.IsEmpty)
            {
                result.BlankLines++;
                continue;
            }

            result.Rows++;
            long line = chunk.Lines[r];
            if (typed is not null)
            {
                _typedGroup = typed.Find(line, ref typedHint);
                _typedRow = (int)(line - _typedGroup.FirstRow);
            }
            _splitter.Split(chunk.Data, start, record.Length);
            int issuesBefore = result.Issues.Count;
            if (_splitter.InvalidUtf8Field >= 0 && _splitter.Count == _schema.FieldCount)
            {
                int bad = _splitter.InvalidUtf8Field;
                Reject(result, line, _schema.Name(bad), CsvText.Describe(_splitter.Value(bad)), "is not valid UTF-8", bad == _schema.LoanId ? "" : Text(_schema.LoanId));
                result.RejectedRows++;
                continue;
            }

            if (_splitter.Error is string malformed)
            {
                Reject(result, line, "", "", malformed, LoanIdOrEmpty());
                result.RejectedRows++;
                continue;
            }

            if (_splitter.Count != _schema.FieldCount)
            {
                Reject(result, line, "", "", $"wrong number of fields: expected {_schema.FieldCount}, found {_splitter.Count}", LoanIdOrEmpty());
                result.RejectedRows++;
                continue;
            }

            var s = _schema;
            var id = _splitter.Value(s.LoanId);
            string? loanId = null;
            if (id.IsEmpty)
            {
                Reject(result, line, s.Name(s.LoanId), "", "must not be empty", "");
            }

            bool acValid = TryParseAssetClass(s.AssetClassCodes.Length == 0 ? _splitter.Value(s.AssetClass) : LoanBookSchema.Decode(s.AssetClassCodes, _splitter.Value(s.AssetClass)), out var ac);
            if (!acValid)
            {
                Reject(result, line, s.Name(s.AssetClass), Text(s.AssetClass), "is not an asset class (corporate, sovereign, bank, sme, retail_mortgage, retail_revolving, retail_other)", loanId ??= Text(s.LoanId));
            }

            double ead, drawn, undrawn;
            bool eadCanonical = false;
            var fallback = Fallback.None;
            if (s.Ead >= 0)
            {
                // ead is the EAD; drawn, when given, is the balance that accrues (no more than the EAD), else the EAD itself.
                ead = Number(result, line, s.Ead, required: true, 0, Rule.Ead, ref loanId, out eadCanonical);
                drawn = s.Drawn >= 0 ? Number(result, line, s.Drawn, required: false, double.NaN, Rule.NonNegativeAmount, ref loanId) : double.NaN;
                if (double.IsNaN(drawn))
                {
                    drawn = ead;
                    fallback = Fallback.DrawnFromEad;
                }
                else if (result.Issues.Count == issuesBefore && LoanRules.DrawnWithinEad(drawn, ead) is string exceeds)
                {
                    Reject(result, line, s.Name(s.Drawn), Text(s.Drawn), exceeds, loanId ??= Text(s.LoanId));
                }

                undrawn = s.Undrawn >= 0 ? Number(result, line, s.Undrawn, required: false, 0, Rule.NonNegativeAmount, ref loanId) : 0;
            }
            else
            {
                drawn = Number(result, line, s.Drawn, required: true, 0, Rule.NonNegativeAmount, ref loanId);
                undrawn = s.Undrawn >= 0 ? Number(result, line, s.Undrawn, required: false, 0, Rule.NonNegativeAmount, ref loanId) : 0;
                double ccf = s.Ccf >= 0 ? Number(result, line, s.Ccf, required: undrawn > 0, 0, Rule.UnitInterval, ref loanId) : 0;
                if (undrawn > 0 && s.Ccf < 0)
                {
                    Reject(result, line, s.Name(s.Undrawn), Text(s.Undrawn), "needs a ccf column to convert the undrawn amount", loanId ??= Text(s.LoanId));
                }

                ead = drawn + (ccf * undrawn);
                if (ead > Internal.AmountBound.Max)
                {
                    // drawn and undrawn are each within the amount bound; the EAD made of them must be too.
                    Reject(result, line, LoanColumns.Ead, ead.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        "= drawn + ccf x undrawn " + Internal.AmountBound.NonNegativeRule, loanId ??= Text(s.LoanId));
                }
            }

            double cf = s.CommitmentFee >= 0 ? Number(result, line, s.CommitmentFee, required: false, 0, Rule.Rate, ref loanId) : 0;
            double uf = s.UndrawnFtp >= 0 ? Number(result, line, s.UndrawnFtp, required: false, 0, Rule.Rate, ref loanId) : 0;

            double p = Number(result, line, s.Pd, required: true, 0, s.PdInPercent ? Rule.PdPercent : Rule.Pd, ref loanId, out bool pdCanonical);
            if (s.PdInPercent)
            {
                p /= 100.0; // the text is in percent: it is not the value written, so it is never echoed
                pdCanonical = false;
            }

            result.PdAbovePercentHint += p > PdScale.PercentHint ? 1 : 0;

            double l = Number(result, line, s.Lgd, required: true, 0, Rule.UnitInterval, ref loanId);
            double rt = Number(result, line, s.Rate, required: true, 0, Rule.Rate, ref loanId);
            double ft = s.FtpRate >= 0 ? Number(result, line, s.FtpRate, required: Funding is null, double.NaN, Rule.Rate, ref loanId) : double.NaN;
            // term is the FTP term, maturity the IRB effective maturity M; each stands in for the other when absent.
            bool termGiven = s.Term >= 0 && Given(s.Term);
            double tm = termGiven ? Number(result, line, s.Term, required: false, double.NaN, Rule.Maturity, ref loanId) : double.NaN;
            bool needsMaturity = acValid && LoanRules.NeedsMaturity(ac);
            double m = s.Maturity >= 0
                ? Number(result, line, s.Maturity, required: needsMaturity && !termGiven, double.NaN, Rule.Maturity, ref loanId)
                : double.NaN;
            if (s.Maturity < 0 && needsMaturity && !termGiven)
            {
                Reject(result, line, LoanColumns.Maturity, "", $"is required for {LoanColumns.AssetClassLabels[(int)ac]} exposures but the file has no maturity column (nor a term)", loanId ??= Text(s.LoanId));
            }

            if (needsMaturity && termGiven && double.IsNaN(m))
            {
                m = tm;
                fallback |= Fallback.MaturityFromTerm;
            }
            else if (!termGiven)
            {
                tm = m;
                fallback |= double.IsNaN(m) ? Fallback.None : Fallback.TermFromMaturity;
            }

            double sa = s.Sales >= 0 ? Number(result, line, s.Sales, required: false, IrbFormula.NoSales, Rule.Sales, ref loanId) : IrbFormula.NoSales;
            double fe = s.Fees >= 0 ? Number(result, line, s.Fees, required: false, 0, Rule.Amount, ref loanId) : 0;
            double op = s.Opex >= 0 ? Number(result, line, s.Opex, required: false, 0, Rule.Amount, ref loanId) : 0;
            double be = s.Beel >= 0 ? Number(result, line, s.Beel, required: false, double.NaN, Rule.UnitInterval, ref loanId) : double.NaN;
            if (s.HasRegulatory)
            {
                // Written at slot v, which the next row reuses if this one is rejected; no per-row state in this loop.
                ParseRegulatory(result, line, v, acValid ? ac : (AssetClass)255, ead, result.Issues.Count == issuesBefore, ref loanId);
            }

            if (double.IsNaN(ft) && Funding is not null && result.Issues.Count == issuesBefore)
            {
                ft = DerivedFtp(result, line, tm, rt, ref loanId);
            }

            if (result.Issues.Count != issuesBefore)
            {
                result.RejectedRows++;
                continue;
            }

            result.Record[v] = r;
            result.IdHash[v] = Hash64.Of(id);
            result.Segment[v] = _interner.Get(_splitter.Value(s.Segment));
            result.Ead[v] = ead;
            result.Fallbacks[v] = (byte)fallback;
            parsed.Drawn[v] = drawn;
            parsed.Undrawn[v] = undrawn;
            parsed.CommitmentFee[v] = cf;
            parsed.UndrawnFtp[v] = uf;
            parsed.UndrawnIncome[v] = LoanRules.UndrawnIncome(undrawn, cf, uf);
            parsed.Term[v] = tm;
            assetClass[v] = ac;
            pd[v] = p;
            lgd[v] = l;
            maturity[v] = m;
            sales[v] = sa;
            rate[v] = rt;
            ftp[v] = ft;
            fees[v] = fe;
            opex[v] = op;
            beel[v] = double.IsNaN(be) ? l : be;
            if (_retailTotals is not null)
            {
                SetRegulatoryRetail(parsed, v, ac, p, drawn, undrawn);
            }

            bool beelMissing = p == 1.0 && double.IsNaN(be);
            result.Fallbacks[v] |= beelMissing ? (byte)Fallback.DefaultedWithoutBeel : (byte)0;
            for (int g = 0; g < keys.Length; g++)
            {
                keys[g][v] = _bySegmentOnly[g] ? result.Segment[v] : GroupKey(_groupings[g]);
            }

            if (KeepText)
            {
                parsed.LoanId[v] = Encoding.UTF8.GetString(id);
                parsed.CustomerId[v] = s.CustomerId >= 0 ? _interner.Get(_splitter.Value(s.CustomerId)) : "";
                parsed.Product[v] = s.Product >= 0 ? _interner.Get(_splitter.Value(s.Product)) : "";
                parsed.Classification[v] = s.Classification < 0 ? "" : s.ClassificationMap is null ? _interner.Get(_splitter.Value(s.Classification))
                    : s.ClassificationMap.GetValueOrDefault(_interner.Get(_splitter.Value(s.Classification))) is string mappedClass ? mappedClass : _interner.Get(_splitter.Value(s.Classification));
                for (int a = 0; a < s.Attributes.Length; a++)
                {
                    parsed.Attributes[a][v] = _interner.Get(_splitter.Value(s.Attributes[a]));
                }
            }

            if (WriteLoans)
            {
                Echo(result.EchoRanges, 4 * v, start, s.Ead, eadCanonical);
                Echo(result.EchoRanges, (4 * v) + 2, start, s.Pd, pdCanonical);
                int o = v * rawFields * 2;
                o = SaveRaw(result.RawRanges, o, start, s.LoanId, mayHoldCr);
                foreach (int k in _keep)
                {
                    o = SaveRaw(result.RawRanges, o, start, k, mayHoldCr);
                }

                o = SaveRaw(result.RawRanges, o, start, s.Segment, mayHoldCr);
                SaveRaw(result.RawRanges, o, start, s.AssetClass, mayHoldCr: false);
            }

            v++;
        }

        result.Valid = v;
        _typedGroup = null;
        if (!ValueRows)
        {
            return result;
        }

        var values = result.Values;
        double[] hurdle = _options.HurdleBySegment.Count == 0 ? [_options.Profitability.Hurdle] : HurdlePerLoan(result.Segment, v);
        result.ZeroCapital = ValuationKernel.Value(v, assetClass, result.Ead, pd, lgd, maturity, sales, rate, ftp, fees, opex, beel,
            parsed.Drawn, _schema.HasUndrawnIncome ? parsed.UndrawnIncome : default, hurdle, _options, values);
        if (Basel3)
        {
            RegulatoryKernel.Apply(v, assetClass, result.Ead, parsed.Drawn, parsed.Undrawn, pd, lgd, maturity, sales, beel,
                parsed.HasRegulatory ? parsed.Regulatory : null, 0, parsed.RegulatoryRetail, values, _options.Irb.PdFloor);
        }

        Accumulate(result, keys);
        if (WriteLoans)
        {
            Format(result, values);
        }

        return result;

        string LoanIdOrEmpty() => _splitter.Count > _schema.LoanId && _schema.LoanId >= 0 && _splitter.Error is null ? Text(_schema.LoanId) : "";
    }

    /// <summary>Recomputes the group sums of a chunk without some of its rows (withheld duplicate-id candidates).</summary>
    public static void Regroup(LoanChunkResult result, IReadOnlyList<IReadOnlyList<string>> groupColumns, HashSet<int> withheld)
    {
        var values = result.Values;
        for (int g = 0; g < result.Groups.Length; g++)
        {
            var old = result.Groups[g];
            var fresh = new GroupAccumulator(groupColumns[g]);
            for (int v = 0; v < result.Valid; v++)
            {
                if (withheld.Contains(v))
                {
                    continue;
                }

                int group = fresh.GroupOf(old.KeyOf(result.GroupOfRow[g][v]));
                fresh.Add(group, result.Ead[v], values.El[v], values.Ec[v], values.Rwa[v], values.Revenue[v], values.Return[v], values.Eva[v]);
            }

            result.Groups[g] = fresh;
        }
    }

    /// <summary>The loan_id text of a record of a chunk (for the duplicate check's verification).</summary>
    public string LoanIdOf(CsvChunk chunk, int record)
    {
        int start = record == 0 ? 0 : chunk.RecordEnds[record - 1];
        _splitter.Split(chunk.Data, start, chunk.Record(record).Length);
        return Encoding.UTF8.GetString(_splitter.Value(_schema.LoanId));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(LoanChunkResult result, string[][] keys)
    {
        var values = result.Values;
        for (int g = 0; g < _groupings.Count; g++)
        {
            var acc = new GroupAccumulator([]);
            var of = result.GroupOfRow[g];
            var rowKeys = keys[g];
            string? lastKey = null;
            int group = -1;
            for (int v = 0; v < result.Valid; v++)
            {
                // Keys are interned, so a run of rows in the same group is found by reference.
                if (!ReferenceEquals(rowKeys[v], lastKey))
                {
                    lastKey = rowKeys[v];
                    group = acc.GroupOf(lastKey);
                }

                of[v] = group;
                acc.Add(group, result.Ead[v], values.El[v], values.Ec[v], values.Rwa[v], values.Revenue[v], values.Return[v], values.Eva[v]);
            }

            result.Groups[g] = acc;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Format(LoanChunkResult result, ValuationColumns values)
    {
        var chunk = result.Chunk;
        int rawFields = 3 + _keep.Length;
        int perRow = ((values.HasRegulatory ? 17 : 14) * (NumberText.MaxLength + 1)) + 8;
        var buffer = result.Output;
        if (buffer.Length < chunk.Length + (result.Valid * perRow))
        {
            // Sized for the result's capacity and the chunk's (pooled) data array rather than this chunk's length,
            // which varies, so a recycled result keeps its buffer; uninitialised, so only the pages written are
            // touched (measured at 1M loans: about 11,000 fewer page faults than buffers that followed each chunk's
            // length).
            buffer = GC.AllocateUninitializedArray<byte>(chunk.Data.Length + (result.Capacity * perRow));
        }

        int pos = 0;
        var data = chunk.Data;
        var raw = result.RawRanges;
        var echoes = result.EchoRanges;
        var correlation = new RepeatedNumber();
        var maturityAdjustment = new RepeatedNumber();
        bool regulatory = values.HasRegulatory;
        for (int v = 0; v < result.Valid; v++)
        {
            int o = v * rawFields * 2;
            int need = perRow + rawFields + LongestAssetClassLabel;
            for (int f = 0; f < rawFields; f++)
            {
                int length = raw[o + (2 * f) + 1];
                need += length >= 0 ? length : CsvText.FieldRoom(~length);
            }

            if (buffer.Length - pos < need)
            {
                var bigger = new byte[Math.Max(buffer.Length * 2, pos + need)];
                buffer.AsSpan(0, pos).CopyTo(bigger);
                buffer = bigger;
            }

            var span = buffer.AsSpan();
            for (int f = 0; f < rawFields; f++)
            {
                if (f > 0)
                {
                    span[pos++] = (byte)',';
                }

                if (f == rawFields - 1 && _schema.AssetClassCodes.Length > 0)
                {
                    // A coded asset class (value map) is written as its label, not as the code read.
                    var label = s_assetClassLabels[(int)result.Parsed.AssetClass[v]];
                    label.CopyTo(span[pos..]);
                    pos += label.Length;
                    continue;
                }

                int length = raw[o + (2 * f) + 1];
                pos = length >= 0
                    ? CopyField(span, pos, data, raw[o + (2 * f)], length)
                    : RewriteField(span, pos, data, raw[o + (2 * f)], ~length);
            }

            // ead and an unfloored pd as they stand in the file when that is exactly their shortest round-trip text;
            // correlation and maturity adjustment repeat (constant for a retail class, 1 without maturity adjustment).
            int echo = 4 * v;
            pos = echoes[echo + 1] > 0 ? Copy(span, pos, data, echoes[echo], echoes[echo + 1]) : Num(span, pos, result.Ead[v]);
            pos = echoes[echo + 3] > 0 && values.Pd[v] == result.Parsed.Pd[v]
                ? Copy(span, pos, data, echoes[echo + 2], echoes[echo + 3])
                : Num(span, pos, values.Pd[v]);
            pos = correlation.Write(span, pos, values.Correlation[v]);
            pos = maturityAdjustment.Write(span, pos, values.MaturityAdjustment[v]);
            pos = Num(span, pos, values.K[v]);
            pos = Num(span, pos, values.Rwa[v]);
            pos = Num(span, pos, values.El[v]);
            pos = Num(span, pos, values.Ec[v]);
            pos = Num(span, pos, values.Revenue[v]);
            pos = Num(span, pos, values.PreTaxReturn[v]);
            pos = Num(span, pos, values.Return[v]);
            pos = Num(span, pos, values.Raroc[v]);
            pos = Num(span, pos, values.Eva[v]);
            if (Funding is not null)
            {
                pos = Num(span, pos, result.Parsed.Ftp[v]); // the transfer price used, given or derived
            }

            if (regulatory)
            {
                pos = Num(span, pos, values.LgdUsed[v]);
                pos = Num(span, pos, values.RwaSa[v]);
                pos = Num(span, pos, values.RiskWeightSa[v]);
            }

            span[pos++] = (byte)'\n';
            result.OutputEnds[v] = pos;
        }

        result.Output = buffer;
    }

    /// <summary>Notes the field's text for copying when it is a plain, canonical number (see <see cref="NumberText.IsCanonical"/>), as the parse found.</summary>
    private void Echo(int[] ranges, int o, int recordStart, int field, bool canonical)
    {
        ranges[o + 1] = 0;
        if (field < 0 || !canonical)
        {
            return;
        }

        // The value's text is canonical; the raw field is the same bytes unless it was quoted.
        _splitter.RawRange(field, out int start, out int length);
        if (length == _splitter.Value(field).Length)
        {
            ranges[o] = recordStart + start;
            ranges[o + 1] = length;
        }
    }

    /// <summary>
    /// Notes where a text field stands in the chunk, for copying to loans.csv. A field that needs more than a copy (it
    /// starts like a spreadsheet formula, or holds a bare CR; <see cref="CsvText.NeedsRewrite"/>) is noted with its
    /// length complemented (negative), and <see cref="Format"/> rewrites it. For the common field this costs one
    /// compare of its first byte.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int SaveRaw(int[] ranges, int o, int recordStart, int field, bool mayHoldCr)
    {
        _splitter.RawRange(field, out int start, out int length);
        ranges[o] = recordStart + start;
        ranges[o + 1] = CsvText.NeedsRewrite(_splitter.Value(field), RawText, mayHoldCr) || (mayHoldCr && _foreignDelimiter && _splitter.Value(field).Contains((byte)',')) ? ~length : length;
        return o + 2;
    }

    /// <summary>Writes a copied field that needs quoting or the formula apostrophe (rare: out of the copy loop).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int RewriteField(Span<byte> span, int pos, byte[] data, int start, int length) =>
        CsvText.WriteRawField(span, pos, data.AsSpan(start, length));

    private static int Copy(Span<byte> span, int pos, byte[] data, int start, int length)
    {
        span[pos++] = (byte)',';
        return CopyField(span, pos, data, start, length);
    }

    private static int CopyField(Span<byte> span, int pos, byte[] data, int start, int length) => CopyShort(data.AsSpan(start), length, span, pos);

    /// <summary>
    /// Copies from[..length] to span at pos and returns the end. Fields and numbers are short: when both sides have
    /// 32 bytes to spare, one 32-byte load and store (the bytes past the text are overwritten by what follows)
    /// replace a call to the general copy.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int CopyShort(ReadOnlySpan<byte> from, int length, Span<byte> span, int pos)
    {
        if (Vector256.IsHardwareAccelerated && length <= 32 && from.Length >= 32 && (uint)pos <= (uint)span.Length && span.Length - pos >= 32)
        {
            Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(from)).StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)pos);
            return pos + length;
        }

        from[..length].CopyTo(span[pos..]);
        return pos + length;
    }

    /// <summary>A column whose value often repeats from row to row: the last text is kept and copied when the value recurs.</summary>
    private struct RepeatedNumber
    {
        private ulong _bits;
        private int _length;
        private InlineBytes _text;

        public int Write(Span<byte> span, int pos, double value)
        {
            span[pos++] = (byte)',';
            if (double.IsNaN(value))
            {
                return pos;
            }

            ulong bits = BitConverter.DoubleToUInt64Bits(value);
            Span<byte> text = _text;
            if (_length == 0 || bits != _bits)
            {
                _length = NumberText.Write(value, text);
                _bits = bits;
            }

            return CopyShort(text, _length, span, pos);
        }

        [System.Runtime.CompilerServices.InlineArray(NumberText.MaxLength)]
        private struct InlineBytes
        {
            private byte _element;
        }
    }

    private static int Num(Span<byte> span, int pos, double value)
    {
        span[pos++] = (byte)',';
        return double.IsNaN(value) ? pos : pos + NumberText.Write(value, span[pos..]);
    }

    private string GroupKey(IReadOnlyList<int> fields)
    {
        if (fields.Count == 1)
        {
            return _interner.Get(_splitter.Value(fields[0]));
        }

        int len = 0;
        for (int i = 0; i < fields.Count; i++)
        {
            var value = _splitter.Value(fields[i]);
            if (_keyChars.Length < len + value.Length + 1)
            {
                Array.Resize(ref _keyChars, (len + value.Length + 1) * 2);
            }

            if (i > 0)
            {
                _keyChars[len++] = GroupAccumulator.Separator;
            }

            len += Encoding.UTF8.GetChars(value, _keyChars.AsSpan(len));
        }

        return _interner.Get(_keyChars.AsSpan(0, len));
    }

    private double[] HurdlePerLoan(string[] segment, int n)
    {
        var h = new double[n];
        for (int i = 0; i < n; i++)
        {
            h[i] = _options.HurdleFor(segment[i]);
        }

        return h;
    }

    /// <summary>A number field: its value when present, a number and within its rule, or the fallback when it is empty and optional; otherwise <see cref="NumberSlow"/>.</summary>
    /// <remarks>Inlined into the row loop with a constant rule, so a valid field costs the parse and one range test.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double Number(LoanChunkResult result, long line, int field, bool required, double fallback, Rule rule, ref string? loanId)
    {
        if (_typedGroup?.Numbers[field] is Sources.TypedNumberColumn typed)
        {
            return TypedNumber(result, line, typed, field, required, fallback, rule, ref loanId);
        }

        var text = _splitter.Value(field);
        if (text.IsEmpty)
        {
            if (!required)
            {
                return fallback;
            }
        }
        else if (!_decimalComma && NumberText.TryParse(text, out double value) && Check(rule, value) is null)
        {
            return value;
        }

        return NumberSlow(result, line, field, required, fallback, rule, ref loanId);
    }

    /// <summary>
    /// <see cref="Number(LoanChunkResult, long, int, bool, double, Rule, ref string?)"/> that also tells, from the same
    /// scan, whether the text is canonical (<see cref="NumberText.IsCanonical"/>) and so may be copied to the output.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double Number(LoanChunkResult result, long line, int field, bool required, double fallback, Rule rule, ref string? loanId, out bool canonical)
    {
        if (_typedGroup?.Numbers[field] is Sources.TypedNumberColumn typed)
        {
            // A decoded value has no text to copy: loans.csv formats it, as it formats a non-canonical text.
            canonical = false;
            return TypedNumber(result, line, typed, field, required, fallback, rule, ref loanId);
        }

        var text = _splitter.Value(field);
        if (!_decimalComma && !text.IsEmpty && NumberText.TryParse(text, out double value, out canonical) && Check(rule, value) is null)
        {
            return value;
        }

        canonical = false;
        return NumberSlow(result, line, field, required, fallback, rule, ref loanId);
    }

    /// <summary>
    /// A number field of the column path: the decoded value, checked by the same rule as a parsed text; a null is an
    /// empty cell. Not finite (NaN, an infinity) is "not a number", as the rendered text <c>NaN</c> would be; a broken
    /// rule is reported with the text the rendering would have shown (<see cref="Sources.TypedNumberColumn.Text"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private double TypedNumber(LoanChunkResult result, long line, Sources.TypedNumberColumn column, int field, bool required, double fallback, Rule rule, ref string? loanId)
    {
        if (column.IsNull(_typedRow))
        {
            if (!required)
            {
                return fallback;
            }
        }
        else if (column.Value(_typedRow) is double value && double.IsFinite(value) && Check(rule, value) is null)
        {
            return value;
        }

        return TypedNumberSlow(result, line, column, field, required, fallback, rule, ref loanId);
    }

    /// <summary>The rare path of <see cref="TypedNumber"/>, reported with the messages of <see cref="NumberSlow"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private double TypedNumberSlow(LoanChunkResult result, long line, Sources.TypedNumberColumn column, int field, bool required, double fallback, Rule rule, ref string? loanId)
    {
        if (column.IsNull(_typedRow))
        {
            if (required)
            {
                Reject(result, line, _schema.Name(field), "", RequiredRule, loanId ??= Text(_schema.LoanId));
            }

            return fallback;
        }

        double value = column.Value(_typedRow);
        if (!double.IsFinite(value))
        {
            Reject(result, line, _schema.Name(field), column.Text(_typedRow), NotANumberRule, loanId ??= Text(_schema.LoanId));
            return fallback;
        }

        if (Check(rule, value) is string broken)
        {
            Reject(result, line, _schema.Name(field), column.Text(_typedRow), broken, loanId ??= Text(_schema.LoanId));
        }

        return value;
    }

    private const string RequiredRule = "is required";
    private const string NotANumberRule = "is not a number (use '.' as decimal separator; NaN and Infinity are not allowed)";

    /// <summary>Whether a field holds a value (its text is not empty; a decoded number is not null).</summary>
    private bool Given(int field) => _typedGroup?.Numbers[field] is Sources.TypedNumberColumn typed ? !typed.IsNull(_typedRow) : !_splitter.Value(field).IsEmpty;

    /// <summary>The rare path of <see cref="Number(LoanChunkResult, long, int, bool, double, Rule, ref string?)"/>: an empty, malformed or out-of-range field, reported.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private double NumberSlow(LoanChunkResult result, long line, int field, bool required, double fallback, Rule rule, ref string? loanId)
    {
        var text = _splitter.Value(field);
        if (text.IsEmpty)
        {
            if (required)
            {
                Reject(result, line, _schema.Name(field), "", RequiredRule, loanId ??= Text(_schema.LoanId));
            }

            return fallback;
        }

        if (!_schema.Format.TryParseNumber(text, out double value))
        {
            HeaderMap.CheckDecimalComma(_schema.Source, line, _schema.Name(field), text, _schema.Format);
            Reject(result, line, _schema.Name(field), Encoding.UTF8.GetString(text), _decimalComma
                ? "is not a number (use ',' as decimal separator; NaN and Infinity are not allowed)"
                : NotANumberRule, loanId ??= Text(_schema.LoanId));
            return fallback;
        }

        if (_decimalComma && Check(rule, value) is null)
        {
            return value; // the decimal-comma path: a valid number, not echoed
        }

        if (Check(rule, value) is string broken)
        {
            Reject(result, line, _schema.Name(field), Encoding.UTF8.GetString(text), broken, loanId ??= Text(_schema.LoanId));
        }

        return value;
    }

    /// <summary>The loan-book rule a number field is checked against (a switch the JIT inlines, not a delegate call per field).</summary>
    private enum Rule
    {
        Ead,
        NonNegativeAmount,
        UnitInterval,
        Pd,
        PdPercent,
        Rate,
        Maturity,
        Sales,
        Amount,
        Ltv,
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static string? Check(Rule rule, double value) => rule switch
    {
        Rule.Ead => LoanRules.Ead(value),
        Rule.NonNegativeAmount => LoanRules.NonNegativeAmount(value),
        Rule.UnitInterval => LoanRules.UnitInterval(value),
        Rule.Pd => LoanRules.Pd(value),
        Rule.PdPercent => LoanRules.Pd(value / 100.0) is null ? null : "is outside (0, 100] (percent)",
        Rule.Rate => LoanRules.Rate(value),
        Rule.Maturity => LoanRules.Maturity(value),
        Rule.Sales => LoanRules.Sales(value),
        Rule.Ltv => value > 0.0 && value <= 100.0 ? null : "is outside (0, 100] (a fraction: 0.8 is 80%)",
        _ => LoanRules.Amount(value),
    };

    /// <summary>Parses the Basel III columns of a row into slot <paramref name="slot"/> of the parsed columns, reporting each bad cell; then, when the
    /// row is otherwise valid, the cross-column rules (<see cref="Basel3Irb.RuleBroken"/>). Out of the row loop: only
    /// books with such columns pay for it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ParseRegulatory(LoanChunkResult result, long line, int slot, AssetClass ac, double ead, bool rowValid, ref string? loanId)
    {
        var s = _schema;
        var x = default(RegulatoryLoan);
        int[] c = s.Regulatory;
        int issuesBefore = result.Issues.Count;
        x.LargeFi = Flag(result, line, c[0], ref loanId);
        x.Transactor = Flag(result, line, c[1], ref loanId);
        x.Approach = Label(result, line, c[2], s_approaches, "is not an approach (airb, firb, sa)", ref loanId) switch
        {
            1 => IrbApproach.Foundation,
            2 => IrbApproach.Standardised,
            _ => IrbApproach.Advanced,
        };
        x.Collateral = (CollateralType)(Label(result, line, c[3], s_collateralTypes, "is not a collateral type (cash, financial, receivables, residential_real_estate, commercial_real_estate, other_physical; empty = none)", ref loanId) + 1);
        x.CollateralValue = c[4] >= 0 ? Number(result, line, c[4], required: false, 0, Rule.NonNegativeAmount, ref loanId) : 0;
        x.CollateralHaircut = c[5] >= 0 && x.Collateral == CollateralType.Financial ? Number(result, line, c[5], required: false, double.NaN, Rule.UnitInterval, ref loanId) : double.NaN;
        x.Seniority = Label(result, line, c[6], s_seniorities, "is not a seniority (senior, subordinated)", ref loanId) == 1 ? Seniority.Subordinated : Seniority.Senior;
        x.GuarantorPd = c[7] >= 0 ? Number(result, line, c[7], required: false, double.NaN, Rule.Pd, ref loanId) : double.NaN;
        x.GuarantorClass = AssetClass.Corporate;
        if (c[8] >= 0 && !_splitter.Value(c[8]).IsEmpty)
        {
            var label = s.AssetClassCodes.Length == 0 ? _splitter.Value(c[8]) : LoanBookSchema.Decode(s.AssetClassCodes, _splitter.Value(c[8]));
            if (!TryParseAssetClass(label, out x.GuarantorClass))
            {
                Reject(result, line, s.Name(c[8]), Text(c[8]), "is not an asset class (corporate, sovereign, bank, sme, retail_mortgage, retail_revolving, retail_other)", loanId ??= Text(s.LoanId));
            }
        }

        x.GuaranteedAmount = c[9] >= 0 ? Number(result, line, c[9], required: false, 0, Rule.NonNegativeAmount, ref loanId) : 0;
        x.Rating = CreditRating.Unrated;
        if (c[10] >= 0 && !_splitter.Value(c[10]).IsEmpty)
        {
            Span<char> chars = stackalloc char[8];
            var cell = _splitter.Value(c[10]);
            if (cell.Length > chars.Length || Encoding.UTF8.GetChars(cell, chars) is int k && !StandardisedApproach.TryParseRating(chars[..k], out x.Rating))
            {
                Reject(result, line, s.Name(c[10]), Text(c[10]), "is not a rating on the S&P/Fitch scale (AAA, AA+, AA, AA-, A+ ... CCC-, CC, C, D; empty = unrated)", loanId ??= Text(s.LoanId));
            }
        }

        x.Scra = (ScraGrade)(Label(result, line, c[11], s_scraGrades, "is not an SCRA grade (A, B, C)", ref loanId) + 1);
        x.Ltv = c[12] >= 0 ? Number(result, line, c[12], required: false, double.NaN, Rule.Ltv, ref loanId) : double.NaN;
        x.Provision = c[13] >= 0 ? Number(result, line, c[13], required: false, 0, Rule.NonNegativeAmount, ref loanId) : 0;
        x.Class = ac;
        x.Ead = ead;
        if (rowValid && result.Issues.Count == issuesBefore && (uint)ac <= (uint)AssetClass.RetailOther && Basel3Irb.RuleBroken(x) is string broken)
        {
            // The rule names its column first ("guaranteed_amount must be in [0, ead]").
            string column = broken[..broken.IndexOf(' ', StringComparison.Ordinal)];
            int field = Array.IndexOf(LoanColumns.RegulatoryColumnNames.ToArray(), column);
            int index = field >= 0 ? c[field] : -1;
            Reject(result, line, index >= 0 ? s.Name(index) : column, index >= 0 ? Text(index) : "", broken[(column.Length + 1)..], loanId ??= Text(s.LoanId));
        }

        result.Parsed.Regulatory.Set(slot, x);
    }

    /// <summary>A true/false cell (ASCII case ignored; empty or absent = false).</summary>
    private bool Flag(LoanChunkResult result, long line, int field, ref string? loanId)
    {
        if (field < 0)
        {
            return false;
        }

        var cell = _splitter.Value(field);
        if (cell.IsEmpty || System.Text.Ascii.EqualsIgnoreCase(cell, "false"u8))
        {
            return false;
        }

        if (System.Text.Ascii.EqualsIgnoreCase(cell, "true"u8))
        {
            return true;
        }

        Reject(result, line, _schema.Name(field), Text(field), "is not true or false (empty = false)", loanId ??= Text(_schema.LoanId));
        return false;
    }

    /// <summary>The index of a label cell among <paramref name="labels"/> (ASCII case ignored); -1 when empty or absent.</summary>
    private int Label(LoanChunkResult result, long line, int field, byte[][] labels, string rule, ref string? loanId)
    {
        if (field < 0 || _splitter.Value(field).IsEmpty)
        {
            return -1;
        }

        var cell = _splitter.Value(field);
        for (int i = 0; i < labels.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(cell, labels[i]))
            {
                return i;
            }
        }

        Reject(result, line, _schema.Name(field), Text(field), rule, loanId ??= Text(_schema.LoanId));
        return -1;
    }

    private static readonly byte[][] s_approaches = [.. new[] { "airb", "firb", "sa" }.Select(Encoding.UTF8.GetBytes)];
    private static readonly byte[][] s_collateralTypes = [.. new[] { "cash", "financial", "receivables", "residential_real_estate", "commercial_real_estate", "other_physical" }.Select(Encoding.UTF8.GetBytes)];
    private static readonly byte[][] s_seniorities = [.. new[] { "senior", "subordinated" }.Select(Encoding.UTF8.GetBytes)];
    private static readonly byte[][] s_scraGrades = [.. new[] { "A", "B", "C" }.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The matched-maturity transfer price from the curve over the loan's term (docs/performance-and-pricing.md); NaN after reporting a problem.</summary>
    private double DerivedFtp(LoanChunkResult result, long line, double term, double rate, ref string? loanId)
    {
        var s = _schema;
        var amortisation = Schedules.Amortisation.Bullet;
        if (s.Amortisation >= 0)
        {
            var label = LoanBookSchema.Decode(s.AmortisationCodes, _splitter.Value(s.Amortisation));
            if (!label.IsEmpty && !Schedules.AmortisationLabels.TryParse(label, out amortisation))
            {
                Reject(result, line, s.Name(s.Amortisation), Text(s.Amortisation), Schedules.AmortisationLabels.Rule, loanId ??= Text(s.LoanId));
                return double.NaN;
            }
        }

        double repricing = s.Repricing >= 0
            ? Number(result, line, s.Repricing, required: false, double.NaN, Rule.Maturity, ref loanId)
            : double.NaN;
        if (double.IsNaN(term))
        {
            Reject(result, line, LoanColumns.Maturity, "", Pricing.FundingOptions.TermRequiredRule, loanId ??= Text(s.LoanId));
            return double.NaN;
        }

        if (Funding!.Rule(amortisation, term, repricing, rate) is string rule)
        {
            string termColumn = s.Term >= 0 && Given(s.Term) ? LoanColumns.Term : LoanColumns.Maturity;
            Reject(result, line, termColumn, term.ToString("R", System.Globalization.CultureInfo.InvariantCulture), rule, loanId ??= Text(s.LoanId));
            return double.NaN;
        }

        return Funding!.RateUnchecked(amortisation, term, repricing, rate);
    }

    /// <summary>The asset-class labels as UTF-8, by <see cref="AssetClass"/> value.</summary>
    private static readonly byte[][] s_assetClassLabels = [.. LoanColumns.AssetClassLabels.Select(Encoding.UTF8.GetBytes)];

    private const int LongestAssetClassLabel = 16; // "retail_revolving"

    private string Text(int field) => _typedGroup?.Numbers[field] is Sources.TypedNumberColumn typed ? typed.Text(_typedRow) : Encoding.UTF8.GetString(_splitter.Value(field));

    private static bool TryParseAssetClass(ReadOnlySpan<byte> label, out AssetClass assetClass)
    {
        assetClass = label switch
        {
            _ when label.SequenceEqual("corporate"u8) => AssetClass.Corporate,
            _ when label.SequenceEqual("retail_mortgage"u8) => AssetClass.RetailMortgage,
            _ when label.SequenceEqual("retail_revolving"u8) => AssetClass.RetailRevolving,
            _ when label.SequenceEqual("retail_other"u8) => AssetClass.RetailOther,
            _ when label.SequenceEqual("sme"u8) => AssetClass.Sme,
            _ when label.SequenceEqual("sovereign"u8) => AssetClass.Sovereign,
            _ when label.SequenceEqual("bank"u8) => AssetClass.Bank,
            _ => (AssetClass)255,
        };
        return assetClass != (AssetClass)255;
    }

    private static void Reject(LoanChunkResult result, long line, string column, string value, string rule, string loanId) =>
        result.Issues.Add((new DataIssue(line, column, value, rule), loanId));
}
