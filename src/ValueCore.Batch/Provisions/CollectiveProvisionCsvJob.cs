using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Internal;
using ValueCore.IO.Csv;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;

namespace ValueCore.Batch.Provisions;

/// <summary>
/// Migration-model collective provisions from a loan-book CSV to result files, streamed: provision = EAD x PD_h(state) x
/// LGD per loan (<see cref="CollectiveProvision"/>), totals by class and segment.
/// </summary>
/// <remarks>Outputs in <see cref="CollectiveProvisionJobOptions.OutputDirectory"/>: <c>loans.csv</c>,
/// <c>by_class.csv</c>, <c>by_segment.csv</c>, <c>summary.txt</c>, <c>manifest.json</c>, all-or-nothing. PD_h is
/// computed once per model and state; the book is read in fixed chunks measured in parallel, written in input order,
/// with compensated totals reduced in chunk order (byte-identical for any number of threads; memory flat in the book's
/// size apart from 8 bytes a loan for the duplicate-identifier check).</remarks>
public static class CollectiveProvisionCsvJob
{
    private static readonly byte[] s_collective = "collective"u8.ToArray();
    private static readonly byte[] s_individual = "individual"u8.ToArray();
    private static readonly byte[] s_atLgd = "defaulted_at_lgd"u8.ToArray();

    /// <summary>Runs the job.</summary>
    /// <param name="options">Input, models and parameters.</param>
    /// <returns>What was read, provisioned and written.</returns>
    /// <exception cref="DataValidationException">The book is empty or has invalid rows (all are listed).</exception>
    /// <exception cref="ArgumentException">No model is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is outside (0, 1000].</exception>
    /// <exception cref="InvalidOperationException">A projected matrix is not stochastic (numerical failure).</exception>
    /// <exception cref="FileNotFoundException">The book does not exist.</exception>
    public static ProvisionJobSummary Run(CollectiveProvisionJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (bySegment, fallback) = CollectiveSegmentTotals.Models(options.SegmentModels, options.Model, options.HorizonYears);
        string source = options.Csv.SourceName ?? ValueCore.IO.Sources.BookSource.Label(options.BookPath);

        // The table sinks (docs/conventions.md, "Output formats"): the database first, so a refusal touches no folder.
        var text = new HashSet<string>(["loan_id", "segment", "classification", "status"], StringComparer.Ordinal);
        Sinks.ResultTable[] resultTables = [new("loans.csv", "loans", text), new("by_class.csv", "by_class", text), new("by_segment.csv", "by_segment", text)];
        using var database = Sinks.ResultTables.OpenDatabase(options.Tables, resultTables.Select(t => t.TableName!));
        using var output = new OutputDirectory(options.OutputDirectory, [options.BookPath, .. options.InputFiles.Select(f => f.Value)]);
        var loans = output.Create("loans.csv", 1 << 20);
        loans.Write("loan_id,segment,classification,ead,lgd,pd_h,provision,status\n"u8);
        var segments = new Dictionary<string, CollectiveSegmentTotals>(StringComparer.Ordinal);
        using var rejected = options.SkipInvalid ? ProvisionText.OpenRejected(output) : null;
        var result = ProvisionPipeline.Run<MigrationChunk>(options.BookPath, source, options.MaxDegreeOfParallelism,
            (schema, _, _) => () => new Worker(schema, bySegment, fallback, options.ProvisionDefaulted),
            (chunk, clean) =>
            {
                if (!clean)
                {
                    return;
                }

                loans.Write(chunk.Output, 0, chunk.OutputLength);
                foreach (var (name, t) in chunk.Segments)
                {
                    if (!segments.TryGetValue(name, out var into))
                    {
                        into = new CollectiveSegmentTotals(t.Model);
                        segments[name] = into;
                    }

                    into.Merge(t);
                }
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
        var files = new List<string> { Path.Combine(output.Path, "loans.csv") };
        if (rejected is not null)
        {
            rejected.Dispose();
            files.Add(Path.Combine(output.Path, "rejected.csv"));
        }

        var ordered = segments.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        using (var w = output.CreateText("by_class.csv"))
        {
            CsvText.WriteLine(w, "segment", "classification", "loans", "exposure", "provision", "coverage", "individual_loans", "individual_exposure");
            var rows = new List<(string Segment, string Class, CollectiveAcc Acc)>();
            foreach (var (name, t) in ordered)
            {
                for (int k = 0; k < t.ByState.Length; k++)
                {
                    if (t.ByState[k].Loans > 0)
                    {
                        rows.Add((name, t.Model.States.Model.States[k], t.ByState[k]));
                    }
                }
            }

            foreach (var (s, c, a) in rows.OrderBy(r => r.Segment, StringComparer.Ordinal).ThenBy(r => r.Class, StringComparer.Ordinal))
            {
                WriteAcc(w, [CsvText.Field(s), CsvText.Field(c)], a);
            }
        }

        files.Add(Path.Combine(output.Path, "by_class.csv"));
        double total = 0;
        using (var w = output.CreateText("by_segment.csv"))
        {
            CsvText.WriteLine(w, "segment", "loans", "exposure", "provision", "coverage", "individual_loans", "individual_exposure");
            foreach (var (name, t) in ordered)
            {
                var a = t.Total();
                WriteAcc(w, [CsvText.Field(name)], a);
                total += a.Provision.Value;
            }
        }

        files.Add(Path.Combine(output.Path, "by_segment.csv"));
        var written = Sinks.ResultTables.Finish(output, options.Tables, database, resultTables);
        files = files.Select(f => Array.FindIndex(resultTables, t => Path.Combine(output.Path, t.FileName) == f) is int i and >= 0 ? Path.Combine(output.Path, written[i]) : f).ToList();
        string summaryText = Summary(options, result, source);
        using (var w = output.CreateText("summary.txt"))
        {
            w.Write(summaryText);
        }

        files.Add(Path.Combine(output.Path, "summary.txt"));
        var summary = result.ToSummary(source, options.SkipInvalid, total, files);
        using (var m = output.Create("manifest.json"))
        {
            using var json = new Utf8JsonWriter(m, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            ProvisionText.WriteManifestHead(json, "valuecore provision migration", options.Timestamp,
                new[] { ("book", source, result.InputSha256) }.Concat(ProvisionText.Hash(options.InputFiles)), options.BookPath);
            ProvisionText.WriteRows(json, summary.RowsRead, summary.RowsValued, summary.RowsRejected, summary.BlankLines);
            json.WriteStartObject("parameters");
            json.WriteNumber("horizon_years", options.HorizonYears);
            json.WriteBoolean("provision_defaulted", options.ProvisionDefaulted);
            json.WriteBoolean("skip_invalid", options.SkipInvalid);
            ProvisionText.WriteParameters(json, options.ManifestParameters);
            json.WriteEndObject();
            ProvisionText.WriteAssumptions(json, summaryText);
            json.WriteStartObject("totals");
            json.WriteNumber("loans", summary.RowsValued);
            json.WriteNumber("provision", total);
            json.WriteEndObject();
            Sinks.ResultTables.WriteManifest(json, options.Tables, database);
            output.WriteFileList(json);
            json.WriteEndObject();
        }

        files.Add(Path.Combine(output.Path, "manifest.json"));
        output.Commit();
        return summary;
    }

    private static void WriteAcc(TextWriter w, string[] keys, CollectiveAcc a)
    {
        double exposure = a.Exposure.Value, provision = a.Provision.Value, individual = a.IndividualExposure.Value;
        string[] numbers =
        [
            a.Loans.ToString(CultureInfo.InvariantCulture), CsvText.Number(exposure), CsvText.Number(provision),
            CsvText.Number(exposure - individual > 0 ? provision / (exposure - individual) : double.NaN),
            a.IndividualLoans.ToString(CultureInfo.InvariantCulture), CsvText.Number(individual),
        ];
        CsvText.WriteLine(w, [.. keys, .. numbers]);
    }

    private static string Summary(CollectiveProvisionJobOptions o, PipelineCounts c, string source)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"provision migration: {c.RowsRead} loans read from {source}, {c.RowsValued} provisioned or flagged, {c.RowsRejected} rejected.\n");
        sb.Append(ProvisionText.SkipInvalidNote(o.SkipInvalid, c.RowsRead, c.RowsValued, c.RowsRejected, c.IssueCount));
        sb.Append(CultureInfo.InvariantCulture, $"Loss-emergence period h = {o.HorizonYears:R} years; provision = EAD x PD_h(classification) x LGD.\n");
        foreach (var note in o.Assumptions)
        {
            sb.Append(note).Append('\n');
        }

        sb.Append(o.ProvisionDefaulted
            ? "Loans already in a default state: provisioned at LGD x EAD (--provision-defaulted).\n"
            : "Loans already in a default state: not provisioned here, flagged 'individual' for individual assessment (provision empty).\n");
        sb.Append("Coverage = provision / exposure of the collectively provisioned loans (individual ones excluded).\n");
        return sb.ToString();
    }

    private sealed class MigrationChunk : ProvisionChunk
    {
        public Dictionary<string, CollectiveSegmentTotals> Segments { get; } = new(StringComparer.Ordinal);

        /// <summary>Per loan-book-valid row: its state (-1 when not measured), provision and loans.csv line's range in Output,
        /// so that the chunk can be rebuilt without some rows (repeated identifiers, --skip-invalid) without measuring again.</summary>
        public int[] State { get; } = new int[ProvisionPipeline.RecordsPerChunk];
        public double[] Provision { get; } = new double[ProvisionPipeline.RecordsPerChunk];
        public int[] OutputStart { get; } = new int[ProvisionPipeline.RecordsPerChunk];
        public int[] OutputEnd { get; } = new int[ProvisionPipeline.RecordsPerChunk];

        public override void Clear()
        {
            base.Clear();
            Segments.Clear();
        }
    }

    private sealed class Worker(LoanBookSchema schema, Dictionary<string, CollectiveModel> bySegment, CollectiveModel? fallback, bool atLgd)
        : ProvisionChunkWorker<MigrationChunk>(schema)
    {
        protected override MigrationChunk Create() => new();

        protected override void Compute(CsvChunk chunk, MigrationChunk result, List<DataIssue> issues)
        {
            var book = result.Book!;
            var s = Schema;
            byte[] output = result.Output;
            int pos = 0;
            string? lastSegment = null;
            CollectiveModel? model = null;
            CollectiveSegmentTotals? totals = null;
            for (int v = 0; v < book.Valid; v++)
            {
                result.State[v] = -1;
                if (result.IsWithheld(v))
                {
                    continue;
                }

                int r = book.Record[v];
                long line = chunk.Lines[r];
                Split(chunk, r);
                var sp = Splitter;
                string segment = book.Segment[v];
                if (!ReferenceEquals(segment, lastSegment))
                {
                    model = bySegment.GetValueOrDefault(segment) ?? fallback;
                    lastSegment = segment;
                    totals = null;
                }

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

                if (state < 0)
                {
                    result.ProvisionRejected++;
                    continue;
                }

                // A segment's totals exist once one of its loans is measured.
                totals ??= Totals(result, segment, model!);
                double ead = book.Ead[v], lgd = book.Parsed.Lgd[v];
                double pd = model!.PD[state];
                double provision = CollectiveSegmentTotals.Measure(model, state, ead, lgd, atLgd, out var kind);
                byte[] status = kind switch
                {
                    CollectiveProvisionStatus.Collective => s_collective,
                    CollectiveProvisionStatus.Individual => s_individual,
                    _ => s_atLgd,
                };
                totals.AddRow(state, ead, provision);
                result.State[v] = state;
                result.Provision[v] = provision;
                result.OutputStart[v] = pos;

                var id = sp.Value(s.LoanId);
                var seg = sp.Value(s.Segment);
                int need = ProvisionText.FieldRoom(id.Length) + ProvisionText.FieldRoom(seg.Length) + ProvisionText.FieldRoom(cls.Length)
                    + status.Length + 8 + (4 * ProvisionText.NumberRoom);
                output = ProvisionText.Ensure(output, pos, need);
                var d = output.AsSpan();
                pos = ProvisionText.Field(d, pos, id);
                d[pos++] = (byte)',';
                pos = ProvisionText.Field(d, pos, seg);
                d[pos++] = (byte)',';
                pos = ProvisionText.Field(d, pos, cls);
                pos = ProvisionText.Num(d, pos, ead);
                pos = ProvisionText.Num(d, pos, lgd);
                pos = ProvisionText.Num(d, pos, pd);
                pos = ProvisionText.Num(d, pos, provision);
                d[pos++] = (byte)',';
                status.CopyTo(d[pos..]);
                pos += status.Length;
                d[pos++] = (byte)'\n';
                result.OutputEnd[v] = pos;
            }

            result.Output = output;
            result.OutputLength = pos;
        }

        private static CollectiveSegmentTotals Totals(MigrationChunk result, string segment, CollectiveModel model)
        {
            if (!result.Segments.TryGetValue(segment, out var totals))
            {
                totals = new CollectiveSegmentTotals(model);
                result.Segments[segment] = totals;
            }

            return totals;
        }

        /// <summary>Rebuilds the chunk's loans.csv lines and totals from its measured rows' figures, leaving out the withheld
        /// rows: the same bytes and sums as measuring the chunk without them, at the cost of a copy.</summary>
        public override void Recompute(CsvChunk chunk, MigrationChunk result, HashSet<int> withheld)
        {
            var book = result.Book!;
            result.Segments.Clear();
            var output = result.Output.AsSpan();
            int pos = 0;
            for (int v = 0; v < book.Valid; v++)
            {
                int state = result.State[v];
                if (state < 0)
                {
                    continue;
                }

                if (withheld.Contains(v))
                {
                    result.State[v] = -1;
                    continue;
                }

                string segment = book.Segment[v];
                Totals(result, segment, bySegment.GetValueOrDefault(segment) ?? fallback!).AddRow(state, book.Ead[v], result.Provision[v]);
                int start = result.OutputStart[v], length = result.OutputEnd[v] - start;
                output.Slice(start, length).CopyTo(output[pos..]);
                pos += length;
            }

            result.Withheld = withheld;
            result.OutputLength = pos;
        }
    }
}
