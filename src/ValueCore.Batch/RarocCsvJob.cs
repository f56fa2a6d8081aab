using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch.Provisions;
using ValueCore.Batch.Sinks;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>
/// The RAROC/EVA batch from a loan-book CSV to result files, streamed: per-loan results are written as they are
/// computed and only the group sums (and the duplicate-identifier check) stay in memory.
/// </summary>
/// <remarks>
/// <para>Outputs in <see cref="RarocJobOptions.OutputDirectory"/>: <c>loans.csv</c> (per loan), one
/// <c>by_&lt;columns&gt;.csv</c> per grouping, <c>rejected.csv</c> (line, loan_id, column, value, rule) and
/// <c>manifest.json</c>. All are written under temporary names and renamed on success; a run that fails on invalid
/// rows writes <c>rejected.csv</c> alone.</para>
/// <para>The book is cut into chunks of a fixed number of records that are parsed and valued in parallel and
/// written in input order; group sums are reduced chunk by chunk in that order, so every output file is
/// byte-identical for any number of threads.</para>
/// </remarks>
public static class RarocCsvJob
{
    internal const int RecordsPerChunk = CsvChunker.RecordsPerChunk;

    /// <summary>
    /// The column path of a Parquet book: its number-only fields (<see cref="LoanBookSchema.NumberOnlyFields"/>), from
    /// its header alone (no row group is decoded for it), handed over as decoded doubles; null for any other source.
    /// </summary>
    private static IReadOnlySet<int>? NumberOnlyFields(RarocJobOptions options, string source)
    {
        if (!ValueCore.IO.Sources.BookSource.IsParquet(options.BookPath))
        {
            return null;
        }

        using var head = CsvChunker.OpenFile(options.BookPath, 1);
        var issues = new List<DataIssue>();
        var header = LoanBookSchema.ReadHeader(head.First(source), options.Csv, source, issues);
        var attributeNames = options.GroupBy.SelectMany(g => g).Concat(options.Keep).Distinct(StringComparer.Ordinal).ToList();
        var schema = LoanBookSchema.Create(header, options.Csv with { Attributes = attributeNames }, issues, ftpFromCurve: options.Valuation.Funding is not null, source);
        return issues.Count > 0 ? null : schema.NumberOnlyFields(); // a bad header is reported by the run itself
    }

    /// <summary>Runs the batch.</summary>
    /// <param name="options">Input, output and parameters.</param>
    /// <returns>What was read, valued, rejected and written.</returns>
    /// <exception cref="DataValidationException">The file is empty, or its header lacks a required column or names a column twice.</exception>
    /// <exception cref="FileNotFoundException">The book does not exist.</exception>
    /// <exception cref="ArgumentException">A grouping is empty.</exception>
    /// <exception cref="Sinks.DatabaseSinkException">The database of <see cref="RarocJobOptions.Tables"/> refused the connection, a table, or the commit; nothing was committed there.</exception>
    public static RarocJobSummary Run(RarocJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GroupBy.Any(g => g.Count == 0))
        {
            throw new ArgumentException("A grouping needs at least one column.", nameof(options));
        }

        string source = options.Csv.SourceName ?? ValueCore.IO.Sources.BookSource.Label(options.BookPath);
        using var chunker = CsvChunker.OpenFile(options.BookPath, RecordsPerChunk, NumberOnlyFields(options, source));
        var first = chunker.First(source);

        // Header.
        var headerIssues = new List<DataIssue>();
        var header = LoanBookSchema.ReadHeader(first, options.Csv, source, headerIssues);
        var attributeNames = options.GroupBy.SelectMany(g => g).Concat(options.Keep).Distinct(StringComparer.Ordinal).ToList();
        var schema = LoanBookSchema.Create(header, options.Csv with { Attributes = attributeNames }, headerIssues, ftpFromCurve: options.Valuation.Funding is not null, source);
        if (headerIssues.Count > 0)
        {
            throw new DataValidationException(source, headerIssues, headerIssues.Count);
        }

        int AttributeField(string name) => schema.Attributes[attributeNames.IndexOf(name)];
        var groupings = options.GroupBy.Select(g => (IReadOnlyList<int>)g.Select(AttributeField).ToArray()).ToArray();
        var keep = options.Keep.Select(AttributeField).ToArray();

        // The database first: a connection refused, or a table there already, stops the run before the folder is touched.
        var resultTables = RarocResultTables(options);
        using var database = ResultTables.OpenDatabase(options.Tables, resultTables.Where(t => t.TableName is not null).Select(t => t.TableName!));
        using var output = new OutputDirectory(options.OutputDirectory, [options.BookPath]);
        var files = new List<string>();
        var rejected = output.CreateText("rejected.csv");
        CsvText.WriteLine(rejected, "line", "loan_id", "column", "value", "rule");
        LoansFile? loans = null;
        if (options.WriteLoans)
        {
            var head = new StringBuilder("loan_id");
            foreach (var k in options.Keep)
            {
                head.Append(',').Append(CsvText.Field(k));
            }

            foreach (var c in RarocResultWriter.LoanFileColumns)
            {
                head.Append(',').Append(c);
            }

            if (options.Valuation.Funding is not null)
            {
                head.Append(",ftp_rate");
            }

            if (options.Valuation.Irb.Regime == CapitalRegime.Basel3)
            {
                head.Append(",lgd_used,rwa_sa,risk_weight_sa"); // the Basel III regulatory basis (docs/methodology.md, sections 9-12)
            }

            loans = new LoansFile(output, Encoding.UTF8.GetBytes(head.Append('\n').ToString()), chunker.InputLength);
        }

        long bookLength = chunker.InputLength;
        var state = new JobState(options.GroupBy)
        {
            MakeIds = () => HashSet64.ForFile(bookLength, first),
            TechnicalThreshold = Enum.GetValues<AssetClass>().Select(c => options.Valuation.Irb.TechnicalFloorThreshold(c)).ToArray(),
            Regulatory = options.Valuation.Irb.Regime == CapitalRegime.Basel3 ? new RegulatoryGroupSums(options.GroupBy.Count) : null,
        };

        // Basel III: the regulatory retail criteria (CRE20.65) need each counterparty's retail exposure over the whole book.
        var retailTotals = options.Valuation.Irb.Regime == CapitalRegime.Basel3 ? RetailExposureTotals.Scan(options.BookPath, schema, options.Valuation) : null;
        bool rawText = CsvText.RawText; // read once: the workers' copy of the text fields decides per field
        using var processors = new ThreadLocal<LoanChunkProcessor>(() =>
            new LoanChunkProcessor(schema, options.Valuation, groupings, keep)
            {
                WriteLoans = options.WriteLoans,
                RawText = rawText,
                RetailTotals = retailTotals,
            });
        var consumerProcessor = new LoanChunkProcessor(schema, options.Valuation, groupings, keep)
        {
            WriteLoans = options.WriteLoans,
            RawText = rawText,
            RetailTotals = retailTotals,
        };

        // Chunk results are recycled once written, so the batch's memory stays flat whatever the book's size.
        var recycled = new System.Collections.Concurrent.ConcurrentQueue<LoanChunkResult>();
        long bytesDone = 0;
        OrderedChunks.Run(
            chunker,
            first,
            options.MaxDegreeOfParallelism,
            chunk => processors.Value!.Process(chunk, chunk.Index == 0 ? 1 : 0, recycled.TryDequeue(out var r) ? r : null),
            result =>
            {
                bytesDone += result.Chunk.Length;
                Consume(result, state, consumerProcessor, rejected, loans, options.GroupBy);
                recycled.Enqueue(result);
                options.Progress?.Report(bytesDone);
            });

        if (chunker.EndedInQuotes)
        {
            state.AddIssue(new DataIssue(chunker.BytesRead > 0 ? state.LastLine : 1, "", "", "the file ends inside a quoted field (a closing quote is missing)"));
        }

        if (state.Candidates.Count > 0)
        {
            ResolveCandidates(options.BookPath, schema, state, consumerProcessor, rejected, loans);
        }

        string inputSha = chunker.Sha256();
        bool succeeded = options.SkipInvalid || state.IssueCount == 0;
        var tables = state.Groups.Select(g => g.ToTable()).ToList();
        var total = tables.Count > 0 ? tables[0].Total : new GroupAccumulator([]).ToTable().Total;
        // Basel III: the output floor, the capital basis and EL against provisions, once, on the group sums (issue 20 items 5-6).
        var regulatory = succeeded && state.Regulatory is not null
            ? tables.Select((t, g) => RegulatoryFigures(options, t, g, state.Regulatory)).ToList()
            : null;
        rejected.Dispose();
        loans?.Dispose();
        files.Add(Path.Combine(output.Path, "rejected.csv"));
        if (succeeded)
        {
            if (loans is not null)
            {
                files.Add(Path.Combine(output.Path, "loans.csv"));
            }

            for (int g = 0; g < tables.Count; g++)
            {
                string name = RarocResultWriter.GroupFileName(options.GroupBy[g]);
                using (var w = output.CreateText(name))
                {
                    if (regulatory is null)
                    {
                        RarocResultWriter.WriteGroups(w, tables[g]);
                    }
                    else
                    {
                        RarocResultWriter.WriteGroups(w, tables[g], regulatory[g].Head, regulatory[g].Fields);
                    }
                }

                files.Add(Path.Combine(output.Path, name));
            }

            // The table sinks: the CSVs become the folder's format and go to the database (docs/conventions.md, "Output formats").
            var written = ResultTables.Finish(output, options.Tables, database, resultTables);
            files.RemoveRange(files.Count - resultTables.Count, resultTables.Count);
            files.AddRange(written.Select(n => Path.Combine(output.Path, n)));
        }

        var summary = new RarocJobSummary
        {
            Source = source,
            Succeeded = succeeded,
            RowsRead = state.RowsRead,
            RowsValued = state.RowsValued,
            RowsRejected = state.RowsRejected,
            BlankLines = state.BlankLines,
            PdLooksLikePercent = PdScale.LooksLikePercent(state.RowsRead, state.PdAbovePercentHint),
            IssueCount = state.IssueCount,
            Issues = state.Issues,
            ZeroCapitalLoans = state.ZeroCapital,
            TechnicalPdFloorLoans = state.TechnicalFloor,
            DefaultedWithoutBeel = state.Fallbacks.DefaultedWithoutBeel,
            DrawnFromEadLoans = state.Fallbacks.DrawnFromEad,
            TermFromMaturityLoans = state.Fallbacks.TermFromMaturity,
            MaturityFromTermLoans = state.Fallbacks.MaturityFromTerm,
            RwaSa = options.Valuation.Irb.Regime == CapitalRegime.Basel3 ? state.RwaSa.Value : null,
            FoundationIrbRequiredLoans = state.FoundationForced,
            Regulatory = regulatory is { Count: > 0 } ? regulatory[0].Summary : null,
            Groups = tables,
            Total = total,
            Files = files,
            InputSha256 = inputSha,
        };
        Debug.Assert(summary.RowsRead == summary.RowsValued + summary.RowsRejected);

        if (succeeded)
        {
            using (var m = output.Create("manifest.json"))
            {
                WriteManifest(m, output, options, summary, source, database);
            }

            files.Add(Path.Combine(output.Path, "manifest.json"));
            output.Commit();
        }
        else
        {
            output.CommitOnly("rejected.csv");
        }

        return summary;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Consume(LoanChunkResult r, JobState state, LoanChunkProcessor processor, TextWriter rejected, LoansFile? loans, IReadOnlyList<IReadOnlyList<string>> groupBy)
    {
        state.RowsRead += r.Rows;
        state.BlankLines += r.BlankLines;
        state.PdAbovePercentHint += r.PdAbovePercentHint;
        state.RowsRejected += r.RejectedRows;
        state.LastLine = r.Chunk.Lines[r.Chunk.Count - 1];
        foreach (var (issue, loanId) in r.Issues)
        {
            state.AddIssue(issue);
            WriteReject(rejected, issue, loanId);
        }

        HashSet<int>? withheld = null;
        for (int v = 0; v < r.Valid; v++)
        {
            if (!state.Ids.Add(r.IdHash[v]))
            {
                (withheld ??= []).Add(v);
                int record = r.Record[v];
                state.Candidates.Add(new Candidate(r.Chunk.Lines[record], processor.LoanIdOf(r.Chunk, record), r.IdHash[v], r.Chunk, record));
            }
        }

        state.Regulatory?.Add(r, withheld); // before the regroup: it reads the chunk's group of each row

        if (withheld is not null)
        {
            LoanChunkProcessor.Regroup(r, groupBy, withheld);
        }

        int valued = r.Valid - (withheld?.Count ?? 0);
        state.RowsValued += valued;
        state.RowsRejected += withheld?.Count ?? 0; // provisionally: restored if the verification clears them
        state.ZeroCapital += CountZeroCapital(r, withheld);
        state.CountFallbacks(r, withheld);
        if (r.Values.HasRegulatory)
        {
            // Basel III: the bank-level standardised RWA, summed in input order (deterministic for any thread count).
            state.FoundationForced += r.Values.FoundationForcedLoans;
            for (int v = 0; v < r.Valid; v++)
            {
                if (withheld is null || !withheld.Contains(v))
                {
                    state.RwaSa.Add(r.Values.RwaSa[v]);
                }
            }
        }
        if (loans is not null)
        {
            if (withheld is null)
            {
                loans.Write(r.Output, 0, r.Valid == 0 ? 0 : r.OutputEnds[r.Valid - 1], r.Chunk.Length);
            }
            else
            {
                for (int v = 0; v < r.Valid; v++)
                {
                    int start = v == 0 ? 0 : r.OutputEnds[v - 1];
                    if (!withheld.Contains(v))
                    {
                        loans.Write(r.Output, start, r.OutputEnds[v] - start, r.Chunk.Length);
                    }
                }
            }

        }

        for (int g = 0; g < state.Groups.Count; g++)
        {
            state.Groups[g].Merge(r.Groups[g]);
        }

        if (withheld is null)
        {
            r.Chunk.ReturnData();
        }
    }

    /// <summary>Adds the loans of a chunk that a fallback touched (technical PD floor, BEEL = LGD), withheld rows excluded.</summary>
    private static int CountZeroCapital(LoanChunkResult r, HashSet<int>? withheld)
    {
        if (withheld is null)
        {
            return r.ZeroCapital;
        }

        int n = 0;
        for (int v = 0; v < r.Valid; v++)
        {
            if (!withheld.Contains(v) && r.Values!.Ec[v] <= 0.0)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Settles the rows whose identifier hash was seen before: a second pass reads the identifiers with those hashes
    /// and compares the text. A true repeat is rejected, naming the first line; a hash collision (two different
    /// identifiers) is valued and its result appended.
    /// </summary>
    private static void ResolveCandidates(string path, LoanBookSchema schema, JobState state, LoanChunkProcessor processor,
        TextWriter rejected, LoansFile? loans)
    {
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (line, id) in LoanIdScan.Matching(path, schema, state.Candidates.Select(c => c.Hash).ToHashSet(), RecordsPerChunk))
        {
            firstLine.TryAdd(id, line);
        }

        foreach (var c in state.Candidates)
        {
            long first = firstLine[c.LoanId];
            if (first < c.Line)
            {
                var issue = new DataIssue(c.Line, schema.Name(schema.LoanId), c.LoanId, $"duplicates the loan_id of line {first}");
                state.AddIssue(issue);
                WriteReject(rejected, issue, c.LoanId);
                continue;
            }

            // A hash collision: value the row now.
            int start = c.Record == 0 ? 0 : c.Chunk.RecordEnds[c.Record - 1];
            var single = new CsvChunk(-1, c.Chunk.Data[start..c.Chunk.RecordEnds[c.Record]], c.Chunk.RecordEnds[c.Record] - start,
                [c.Chunk.RecordEnds[c.Record] - start], [c.Line], 1);
            var r = processor.Process(single, 0);
            state.RowsRejected--;
            state.RowsValued++;
            state.ZeroCapital += r.ZeroCapital;
            state.CountFallbacks(r, null);
            state.Regulatory?.Add(r, null);
            if (state.Regulatory is not null)
            {
                state.RwaSa.Add(r.Values.RwaSa[0]);
            }

            if (loans is not null)
            {
                loans.Write(r.Output, 0, r.OutputEnds[0], 0);
            }

            for (int g = 0; g < state.Groups.Count; g++)
            {
                state.Groups[g].Merge(r.Groups[g]);
            }
        }

    }

    private static void WriteReject(TextWriter w, DataIssue issue, string loanId) => CsvText.WriteLine(w,
        issue.Line.ToString(CultureInfo.InvariantCulture), CsvText.Field(loanId), CsvText.Field(issue.Column), CsvText.Field(issue.Value), CsvText.Field(issue.Rule));

    /// <summary>The run's result tables in the order it writes them: loans.csv (unless not written), then one per grouping.</summary>
    private static List<ResultTable> RarocResultTables(RarocJobOptions options)
    {
        var tables = new List<ResultTable>();
        if (options.WriteLoans)
        {
            tables.Add(new ResultTable("loans.csv", "loans", new HashSet<string>([LoanColumns.LoanId, .. options.Keep, LoanColumns.Segment, LoanColumns.AssetClass], StringComparer.Ordinal)));
        }

        foreach (var g in options.GroupBy)
        {
            string name = RarocResultWriter.GroupFileName(g);
            tables.Add(new ResultTable(name, name[..^".csv".Length], new HashSet<string>(g, StringComparer.Ordinal)));
        }

        return tables;
    }

    private static void WriteManifest(Stream stream, OutputDirectory output, RarocJobOptions options, RarocJobSummary summary, string source, DatabaseTableSink? database)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var v = options.Valuation;
        json.WriteStartObject();
        OutputDirectory.WriteToolAndTime(json, "valuecore raroc", options.Timestamp);

        json.WriteStartObject("input");
        json.WriteString("file", source);
        InputRecord.WriteSha256(json, options.BookPath, summary.InputSha256);
        json.WriteEndObject();
        json.WriteStartObject("rows");
        json.WriteNumber("read", summary.RowsRead);
        json.WriteNumber("valued", summary.RowsValued);
        json.WriteNumber("rejected", summary.RowsRejected);
        json.WriteNumber("blank_lines", summary.BlankLines);
        json.WriteNumber("issues", summary.IssueCount);
        json.WriteNumber("zero_capital", summary.ZeroCapitalLoans);
        json.WriteNumber("technical_pd_floor", summary.TechnicalPdFloorLoans);
        json.WriteNumber("defaulted_without_beel", summary.DefaultedWithoutBeel);
        if (summary.RwaSa is not null)
        {
            json.WriteNumber("foundation_irb_required", summary.FoundationIrbRequiredLoans);
        }

        json.WriteEndObject();
        json.WriteStartObject("fallbacks");
        json.WriteNumber("drawn_from_ead", summary.DrawnFromEadLoans);
        json.WriteNumber("term_from_maturity", summary.TermFromMaturityLoans);
        json.WriteNumber("maturity_from_term", summary.MaturityFromTermLoans);
        json.WriteEndObject();
        json.WriteStartObject("parameters");
        ValuationManifest.WriteParameters(json, v);
        ValuationManifest.WriteGroupings(json, options.GroupBy);
        json.WriteStartArray("keep");
        foreach (var k in options.Keep)
        {
            json.WriteStringValue(k);
        }

        json.WriteEndArray();
        json.WriteStartObject("column_map");
        foreach (var (standard, mapped) in options.Csv.ColumnMap.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(standard, mapped);
        }

        json.WriteEndObject();
        json.WriteBoolean("skip_invalid", options.SkipInvalid);
        foreach (var (key, value) in options.ManifestParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
        json.WriteStartObject("totals");
        var total = summary.Total;
        json.WriteNumber("loans", total.Loans);
        json.WriteNumber("ead", total.Ead);
        json.WriteNumber("el", total.El);
        json.WriteNumber("ec", total.Ec);
        json.WriteNumber("rwa", total.Rwa);
        if (summary.RwaSa is double rwaSa)
        {
            json.WriteNumber("rwa_sa", rwaSa);
        }

        json.WriteNumber("revenue", total.Revenue);
        json.WriteNumber("return", total.Return);
        ValuationManifest.WriteNumberOrNull(json, "raroc", total.Raroc);

        json.WriteNumber("eva", total.Eva);
        json.WriteEndObject();
        if (summary.Regulatory is { } reg)
        {
            WriteRegulatory(json, reg);
        }

        ResultTables.WriteManifest(json, options.Tables, database);
        output.WriteFileList(json);
        json.WriteEndObject();
    }

    /// <summary>The Basel III figures of one grouping: the output floor on its group sums, the capital basis and EL against
    /// provisions, as extra by_ file columns, and the bank-level summary (the same for every grouping, up to rounding).</summary>
    private static (RarocRegulatorySummary Summary, string[] Head, string[][] Fields) RegulatoryFigures(RarocJobOptions options, GroupTable table,
        int grouping, RegulatoryGroupSums sums)
    {
        int n = table.Rows.Count;
        var rwaIrb = new double[n];
        var rwaSa = new double[n];
        var revenue = new double[n];
        var opex = new double[n];
        var el = new double[n];
        var ec = new double[n];
        // EL against provisions: each group's two pools enter as two entries of Compare (its sums are linear, so the group
        // and bank rows equal those of the loans themselves).
        var poolEl = new double[2 * n];
        var poolProvision = new double[2 * n];
        var poolDefaulted = new bool[2 * n];
        var poolGroup = new int[2 * n];
        for (int i = 0; i < n; i++)
        {
            var row = table.Rows[i];
            var s = sums.Of(grouping, row.Keys);
            rwaIrb[i] = row.Rwa;
            rwaSa[i] = s[0];
            revenue[i] = row.Revenue;
            opex[i] = s[5];
            el[i] = row.El;
            ec[i] = row.Ec;
            (poolEl[2 * i], poolProvision[2 * i], poolGroup[2 * i]) = (s[1], s[2], i);
            (poolEl[(2 * i) + 1], poolProvision[(2 * i) + 1], poolDefaulted[(2 * i) + 1], poolGroup[(2 * i) + 1]) = (s[3], s[4], true, i);
        }

        var elp = ExpectedLossProvisions.Compare(poolEl, poolProvision, poolDefaulted, poolGroup, Math.Max(n, 1), sums.IrbCreditRwa);
        var basis = options.CapitalBasis is { } b ? b with { Profitability = options.Valuation.Profitability } : null;
        var (floor, capital) = RarocRegulatoryCapital.Compute(options.OutputFloor, basis, rwaIrb, rwaSa, revenue, opex, el, ec);

        var head = new List<string> { "rwa_sa", "el_regulatory", "provisions", "el_minus_provisions", "el_shortfall", "provisions_excess" };
        if (floor is not null)
        {
            head.AddRange(["floor_add_on", "rwa_floored"]);
        }

        if (basis is not null)
        {
            head.AddRange(["capital_regulatory", "capital_used", "return_basis", "raroc_basis", "eva_basis"]);
        }

        var fields = new string[n][];
        for (int i = 0; i < n; i++)
        {
            var e = elp.Groups[i];
            var f = new List<string>
            {
                CsvText.Number(rwaSa[i]), CsvText.Number(e.El), CsvText.Number(e.Provisions), CsvText.Number(e.ElMinusProvisions),
                CsvText.Number(e.Shortfall), CsvText.Number(e.Excess),
            };
            if (floor is not null)
            {
                f.AddRange([CsvText.Number(floor.GroupAddOn[i]), CsvText.Number(floor.GroupRwaFloored[i])]);
            }

            if (basis is not null)
            {
                f.AddRange([CsvText.Number(capital.RegulatoryCapital[i]), CsvText.Number(capital.Capital[i]), CsvText.Number(capital.Return[i]),
                    CsvText.Number(capital.Raroc[i] ?? double.NaN), CsvText.Number(capital.Eva[i])]);
            }

            fields[i] = [.. f];
        }

        NeumaierSumOf(rwaIrb, out double irbTotal);
        NeumaierSumOf(rwaSa, out double saTotal);
        var summary = new RarocRegulatorySummary
        {
            RwaIrb = floor?.RwaIrb ?? irbTotal,
            RwaSa = floor?.RwaSa ?? saTotal,
            OutputFloor = floor?.Floor,
            RwaFloored = floor?.RwaFloored,
            FloorAddOn = floor?.AddOn,
            ElProvisions = elp,
            Capital = basis is null ? null : capital,
            Basis = basis,
        };
        return (summary, [.. head], fields);
    }

    private static void NeumaierSumOf(double[] values, out double sum)
    {
        ValueCore.Internal.NeumaierSum s = default;
        foreach (double v in values)
        {
            s.Add(v);
        }

        sum = s.Value;
    }

    /// <summary>The manifest's top-level Basel III keys (issue 20 items 5-6).</summary>
    private static void WriteRegulatory(Utf8JsonWriter json, RarocRegulatorySummary reg)
    {
        json.WriteNumber("rwa_irb", reg.RwaIrb);
        json.WriteNumber("rwa_sa", reg.RwaSa);
        if (reg.OutputFloor is double floor)
        {
            json.WriteNumber("output_floor", floor);
            json.WriteNumber("rwa_floored", reg.RwaFloored!.Value);
            json.WriteNumber("floor_add_on", reg.FloorAddOn!.Value);
        }

        var elp = reg.ElProvisions;
        json.WriteNumber("el_regulatory", elp.Bank.El);
        json.WriteNumber("provisions", elp.Bank.Provisions);
        json.WriteNumber("el_minus_provisions", elp.ElMinusProvisions);
        json.WriteNumber("el_shortfall_cet1", elp.Cet1Deduction);
        json.WriteNumber("provisions_excess", elp.Bank.Excess);
        json.WriteNumber("tier2_excess", elp.Tier2);
        json.WriteNumber("tier2_cap", elp.Tier2Cap);
        if (reg.Capital is { } c && reg.Basis is { } b)
        {
            json.WriteStartObject("capital_basis");
            json.WriteString("basis", b.Basis switch { CapitalBasis.Regulatory => "regulatory", CapitalBasis.Binding => "binding", _ => "economic" });
            json.WriteNumber("capital_ratio", b.CapitalRatio);
            json.WriteNumber("capital_economic", c.EconomicCapitalTotal);
            json.WriteNumber("capital_regulatory", c.RegulatoryCapitalTotal);
            json.WriteNumber("capital_used", c.CapitalTotal);
            json.WriteNumber("return", c.ReturnTotal);
            ValuationManifest.WriteNumberOrNull(json, "raroc", c.RarocTotal);
            json.WriteNumber("eva", c.EvaTotal);
            json.WriteEndObject();
        }
    }

    /// <summary>
    /// loans.csv, opened when the first chunk's rows arrive, so that the file can be given its likely size up front
    /// (the book's length times that chunk's output bytes per input byte): ext4 then skips its page-by-page delayed
    /// block reservation (measured on a 1M-loan run: the write system calls' share of CPU 5.4-6.7% -> 4.2-5.3%).
    /// <see cref="OutputDirectory"/> releases what the estimate reserved past the end.
    /// </summary>
    private sealed class LoansFile(OutputDirectory output, byte[] header, long bookLength) : IDisposable
    {
        private FileStream? _stream;

        /// <summary>Appends rows; <paramref name="inputBytes"/> is the length of the chunk they came from (0 if unknown).</summary>
        public void Write(byte[] buffer, int offset, int count, long inputBytes)
        {
            _stream ??= Open(inputBytes > 0 && count > 0 ? header.Length + (long)(bookLength * ((double)count / inputBytes)) : 0);
            _stream.Write(buffer, offset, count);
        }

        /// <summary>Closes the file; one without rows still gets its header.</summary>
        public void Dispose() => (_stream ??= Open(0)).Dispose();

        private FileStream Open(long preallocationSize)
        {
            var stream = output.Create("loans.csv", 1 << 20, preallocationSize);
            stream.Write(header);
            return stream;
        }
    }

    private sealed record Candidate(long Line, string LoanId, ulong Hash, CsvChunk Chunk, int Record);

    private sealed class JobState(IReadOnlyList<IReadOnlyList<string>> groupBy)
    {
        private readonly List<DataIssue> _issues = [];

        public long RowsRead { get; set; }
        public long RowsValued { get; set; }
        public long RowsRejected { get; set; }
        public long BlankLines { get; set; }
        public long PdAbovePercentHint { get; set; }
        public long ZeroCapital { get; set; }
        public long FoundationForced { get; set; }
        public ValueCore.Internal.NeumaierSum RwaSa;
        /// <summary>Under Basel III: the group sums of the output floor and of EL against provisions; null under Basel II.</summary>
        public RegulatoryGroupSums? Regulatory { get; init; }
        public long TechnicalFloor { get; private set; }
        /// <summary>Per asset class, the PD below which the technical floor lifts a loan (<see cref="IrbOptions.TechnicalFloorThreshold"/>).</summary>
        public double[] TechnicalThreshold { get; init; } = [];
        /// <summary>The loans that took a convention for want of a value, counted by the library's rule (<see cref="ValuationFallbacks"/>).</summary>
        public ValuationFallbacks Fallbacks { get; private set; }
        public long LastLine { get; set; } = 1;
        public long IssueCount { get; private set; }
        public IReadOnlyList<DataIssue> Issues => _issues;
        /// <summary>
        /// The duplicate-id table, sized for the book's likely row count (<see cref="HashSet64.ForFile"/>). Made on
        /// the consumer's first use, so its pages (8 MiB at a million loans) are touched while the workers value the
        /// first chunks instead of before they start.
        /// </summary>
        public HashSet64 Ids => _ids ??= MakeIds();

        public required Func<HashSet64> MakeIds { get; init; }

        private HashSet64? _ids;

        public List<Candidate> Candidates { get; } = [];
        public List<GroupAccumulator> Groups { get; } = groupBy.Select(g => new GroupAccumulator(g)).ToList();

        /// <summary>Adds a chunk's fallback counts, leaving out its withheld rows (duplicate-id candidates, counted if they clear).</summary>
        public void CountFallbacks(LoanChunkResult r, HashSet<int>? withheld)
        {
            if (withheld is null)
            {
                Fallbacks += r.FallbackCounts;
                TechnicalFloor += r.Values.TechnicalFloorLoans;
                return;
            }

            for (int v = 0; v < r.Valid; v++)
            {
                if (!withheld.Contains(v))
                {
                    Fallbacks += ValuationFallbacks.Of((Fallback)r.Fallbacks[v]);
                    TechnicalFloor += r.Parsed.Pd[v] < TechnicalThreshold[(int)r.Parsed.AssetClass[v]] ? 1 : 0;
                }
            }
        }

        public void AddIssue(DataIssue issue)
        {
            IssueCount++;
            if (_issues.Count < DataValidationException.MaxListed)
            {
                _issues.Add(issue);
            }
        }
    }
}
