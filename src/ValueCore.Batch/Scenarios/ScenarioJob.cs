using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Batch.Provisions;
using System.Globalization;
using System.Text.Json;
using ValueCore.Portfolio;
using ValueCore.Scenarios;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Batch;

/// <summary>The scenario run from files: reads the book once, values the baseline and every scenario, and writes each one's RAROC
/// outputs in the formats of <c>valuecore raroc</c>, the comparison, the probability-weighted view, the shock report and a manifest.</summary>
/// <remarks>
/// Outputs in <see cref="ScenarioJobOptions.OutputDirectory"/>: <c>baseline/</c> and <c>&lt;scenario&gt;/</c> (each with
/// <c>loans.csv</c> and <c>by_&lt;columns&gt;.csv</c>; each extra measure's files in <c>&lt;scenario&gt;/&lt;measure&gt;/</c>: the
/// provisions as <c>valuecore provision ecl</c> writes them, other measures as loans.csv and by_ files of their figures),
/// <c>comparison.csv</c> (first grouping; further groupings in
/// <c>comparison_by_&lt;columns&gt;.csv</c>), <c>weighted.csv</c> when the scenarios have weights, <c>shocks.csv</c> and
/// <c>manifest.json</c>. Files are written under temporary names and renamed on success. See docs/scenarios.md.
/// </remarks>
public static class ScenarioJob
{

    /// <summary>The replacement matrices the scenarios name, read for the lifetime measure (relative to the scenario file's folder,
    /// the default states made absorbing as in the baseline matrix); none without a matrix (the measure then refuses the shock).</summary>
    private static Dictionary<string, TransitionMatrix> LifetimeReplacements(ScenarioLifetimeOptions o, ScenarioSet set, string scenariosPath, List<string> notes)
    {
        if (o.Measure.Lifetime.Matrix is not { } matrix)
        {
            return new Dictionary<string, TransitionMatrix>(StringComparer.Ordinal);
        }

        return ScenarioProvisionInputs.ReadReplacements(set, scenariosPath, o.Absorbing,
            read => DefaultStates.Absorb(read, o.DefaultStates.Count > 0 ? o.DefaultStates : ScenarioProvisionInputs.AbsorbingStates(read)),
            [(Path.GetFileName(o.MatrixPath ?? "the lifetime matrix"), matrix)], notes);
    }

    private static readonly string[] s_standardText =
        [LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Classification];

    /// <summary>Runs the scenarios.</summary>
    /// <param name="options">Inputs, output and parameters.</param>
    /// <returns>The analysis (group figures of the baseline and every scenario) and the files written.</returns>
    /// <exception cref="DataValidationException">The book or the scenario file breaks a rule (all problems listed), a scenario's shocks push a loan field out of its range,
    /// or (provision measure) a segment has no matrix in <see cref="ScenarioProvisionOptions.MatricesDirectory"/> and there is no fallback (every such segment listed).</exception>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    /// <exception cref="ArgumentException">A grouping is empty; the provision measure lacks ρ for a migration Z-shift or a reporting date for maturity_date.</exception>
    public static ScenarioJobSummary Run(ScenarioJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GroupBy.Count == 0 || options.GroupBy.Any(g => g.Count == 0))
        {
            throw new ArgumentException("Give at least one grouping, each with at least one column.", nameof(options));
        }

        string source = options.Csv.SourceName ?? ValueCore.IO.Sources.BookSource.Label(options.BookPath);
        var header = LoanBookCsv.ReadHeader(options.BookPath, options.Csv);
        var known = new HashSet<string>(header, StringComparer.Ordinal);
        known.UnionWith(LoanBookSchema.StandardHeader([.. header], options.Csv)); // known columns matched ignoring case, and mapped
        foreach (var (standard, mapped) in options.Csv.ColumnMap)
        {
            if (known.Contains(mapped))
            {
                known.Add(standard);
            }
        }

        var set = ScenarioFile.Read(options.ScenariosPath, known);
        var provision = options.Provision;
        if (provision is not null && provision.Rho is null && set.Scenarios.Any(s => s.Migration is { Matrix: null }))
        {
            throw new ArgumentException("A scenario shifts the migration matrix by Z (migration: { z_shift }): the provision measure needs the asset correlation (--rho R).",
                nameof(options));
        }

        var headerNames = new HashSet<string>(header, StringComparer.Ordinal);
        var lifetimeColumns = options.Lifetime is null ? null : Pricing.LifetimeCsvJob.Columns(options.BookPath, options.Csv with { SourceName = source });
        var attributes = ScenarioFile.FilterColumns(set).Concat(options.GroupBy.SelectMany(g => g)).Concat(options.Keep)
            .Concat(provision is null ? [] : ScenarioProvisionInputs.Columns.Where(headerNames.Contains))
            .Concat(lifetimeColumns?.Attributes ?? [])
            .Distinct(StringComparer.Ordinal).ToList();
        var lines = new List<long>();
        var book = LoanBookCsv.Read(options.BookPath, (lifetimeColumns?.Csv ?? options.Csv) with { Attributes = attributes, SourceName = source }, lines);
        var measures = options.Measures.Select(m => new RecordingMeasure(m)).ToList();
        List<KeyValuePair<string, string>> segmentFiles = [];
        var notes = new List<string>();
        int? eclLgdFallbacks = null;
        if (provision is not null)
        {
            var provisionOptions = ScenarioProvisionInputs.Options(provision, set, options.ScenariosPath, Segments(book), options.MaxDegreeOfParallelism, out segmentFiles, notes);
            var terms = ScenarioProvisionInputs.Terms(book, lines, source, provision, provisionOptions);
            eclLgdFallbacks = terms.EclLgdFallbacks;
            measures.Add(new RecordingMeasure(new ProvisionMeasure(terms, provisionOptions)));
        }

        if (options.Lifetime is { } lifetime)
        {
            if (lifetime.Measure.Rho is null && set.Scenarios.Any(s => s.Migration is { Matrix: null }) && lifetime.Measure.Lifetime.Matrix is not null)
            {
                throw new ArgumentException("A scenario shifts the migration matrix by Z (migration: { z_shift }): the lifetime measure needs the asset correlation (--rho R).", nameof(options));
            }

            book = Pricing.LifetimeCsvJob.Complete(book, lifetimeColumns!, lines, source);
            measures.Add(new RecordingMeasure(new LifetimeMeasure(lifetime.Measure with { ReplacementMatrices = LifetimeReplacements(lifetime, set, options.ScenariosPath, notes) })));
        }

        // Columns read only to be parsed (the provision columns) need not stay in memory as text; the reader carries
        // drawn and undrawn (the ccf shock's inputs) itself.
        var used = ScenarioFile.FilterColumns(set).Concat(options.GroupBy.SelectMany(g => g)).Concat(options.Keep).ToHashSet(StringComparer.Ordinal);
        var parsedOnly = attributes.Where(a => !used.Contains(a)).ToList();
        if (parsedOnly.Count > 0)
        {
            book = book.WithoutAttributes(parsedOnly);
        }

        // The table sinks (docs/conventions.md, "Output formats"): the database first, so a refusal touches no folder.
        var resultTables = ResultTablesOf(set, options, measures);
        using var database = Sinks.ResultTables.OpenDatabase(options.Tables, resultTables.Select(t => t.TableName!));

        // lines (8 bytes a loan) stays: a scenario's shock that pushes a loan out of range is reported at the book's line.
        using var output = new OutputDirectory(options.OutputDirectory, [options.BookPath, options.ScenariosPath]);
        var files = new List<string>();
        var progress = options.Progress?.Invoke(set.Scenarios.Count + 1);
        long valued = 0;
        ScenarioAnalysis analysis;
        try
        {
            analysis = ScenarioAnalysis.Run(book, set, new ScenarioAnalysisOptions
            {
                Valuation = options.Valuation,
                GroupBy = options.GroupBy,
                Measures = measures,
                KeepValuations = false,
                MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
                OnValued = (outcome, valuation) =>
                {
                    files.AddRange(RarocResultWriter.Write(output, outcome.Name, valuation, outcome.Groups, options.Keep, options.WriteLoans, options.MaxDegreeOfParallelism));
                    files.AddRange(ScenarioMeasureWriter.Write(output, book, outcome, measures, ScenarioAnalysis.RarocFigureCount, options.WriteLoans, options.MaxDegreeOfParallelism));
                    progress?.Report(++valued);
                },
            });
        }
        catch (DataValidationException e) when (options.Lifetime is not null && e.Source == "loans")
        {
            // The lifetime model's rules (a term, a classification of the matrix) name the book's records.
            throw Pricing.LifetimeCsvJob.AtLines(e, lines, source);
        }
        catch (DataValidationException e) when (set.Scenarios.Any(s => e.Source == "scenario " + s.Name))
        {
            // Scenario.Apply numbers the loans of the book in memory (1, 2, ...); the reader knows each one's line in the file.
            throw new DataValidationException(source, [.. e.Issues.Select(i => i with { Line = i.Line >= 1 && i.Line <= lines.Count ? lines[(int)(i.Line - 1)] : i.Line })], e.TotalIssues);
        }

        for (int g = 0; g < options.GroupBy.Count; g++)
        {
            string suffix = g == 0 ? ".csv" : "_" + RarocResultWriter.GroupFileName(options.GroupBy[g]);
            files.Add(WriteComparison(output, "comparison" + suffix, analysis.Compare(g)));
            if (set.HasWeights)
            {
                files.Add(WriteComparison(output, "weighted" + suffix, analysis.Weighted(g)));
            }
        }

        using (var w = output.CreateText("shocks.csv"))
        {
            CsvText.WriteLine(w, "scenario", "shock", "field", "operation", "value", "correlation", "where", "loans_selected", "loans_bounded");
            foreach (var o in analysis.Scenarios)
            {
                for (int s = 0; s < o.Reports.Count; s++)
                {
                    var r = o.Reports[s];
                    CsvText.WriteLine(w, CsvText.Field(o.Name), (s + 1).ToString(CultureInfo.InvariantCulture), Shock.TargetName(r.Shock.Target),
                        Shock.OperationName(r.Shock.Operation), CsvText.Number(r.Shock.Value), CsvText.Number(r.Shock.Correlation ?? double.NaN),
                        CsvText.Field(r.Shock.Where.ToString()), r.LoansSelected.ToString(CultureInfo.InvariantCulture), r.LoansBounded.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        files.Add("shocks.csv");
        var written = Sinks.ResultTables.Finish(output, options.Tables, database, resultTables);
        files = files.Select(f => resultTables.FindIndex(t => t.FileName == f) is int i and >= 0 ? written[i] : f).ToList();
        using (var m = output.Create("manifest.json"))
        {
            WriteManifest(m, output, options, analysis, source, book.Count, segmentFiles, notes, eclLgdFallbacks ?? 0, database);
        }

        files.Add("manifest.json");
        output.Commit();
        return new ScenarioJobSummary
        {
            Source = source, Loans = book.Count, Analysis = analysis, Files = files, Notes = notes, EclLgdFallbacks = eclLgdFallbacks,
            PdLooksLikePercent = Portfolio.PdScale.LooksLikePercent(book.Pd),
        };
    }

    /// <summary>The run's tables in the order it writes them: per outcome (the baseline, then each scenario) loans.csv
    /// (unless not written) and one by_ file per grouping as <see cref="RarocResultWriter"/> writes them, then each
    /// measure's as <see cref="ScenarioMeasureWriter"/> writes them; then the comparison and weighted tables. Each table's
    /// database name is its path (<see cref="Sinks.ResultTables.TableNameOf"/>: <c>baseline_loans</c>,
    /// <c>rates_up_provision_by_stage</c>, <c>comparison</c>).</summary>
    private static List<Sinks.ResultTable> ResultTablesOf(ScenarioSet set, ScenarioJobOptions options, IReadOnlyList<RecordingMeasure> measures)
    {
        var files = new List<(string File, IEnumerable<string> Text)>();
        var groupFiles = options.GroupBy.Select(g => (RarocResultWriter.GroupFileName(g), (IEnumerable<string>)g)).ToList();
        foreach (var name in new[] { Scenario.Baseline.Name }.Concat(set.Scenarios.Select(s => s.Name)))
        {
            if (options.WriteLoans)
            {
                files.Add((Path.Combine(name, "loans.csv"), [LoanColumns.LoanId, .. options.Keep, LoanColumns.Segment, LoanColumns.AssetClass]));
            }

            files.AddRange(groupFiles.Select(g => (Path.Combine(name, g.Item1), g.Item2)));
            foreach (var m in measures)
            {
                string folder = Path.Combine(name, m.Name);
                bool provision = m.Inner is ProvisionMeasure;
                if (options.WriteLoans)
                {
                    files.Add((Path.Combine(folder, "loans.csv"), provision ? ["loan_id", "segment", "classification", "stage_reason"] : ["loan_id"]));
                }

                files.AddRange(provision
                    ? [(Path.Combine(folder, "by_stage.csv"), []), (Path.Combine(folder, "by_segment.csv"), ["segment"])]
                    : groupFiles.Select(g => (Path.Combine(folder, g.Item1), g.Item2)));
            }
        }

        for (int g = 0; g < options.GroupBy.Count; g++)
        {
            string suffix = g == 0 ? ".csv" : "_" + RarocResultWriter.GroupFileName(options.GroupBy[g]);
            IEnumerable<string> text = ["scenario", "level", "figure", .. options.GroupBy[g]];
            files.Add(("comparison" + suffix, text));
            if (set.HasWeights)
            {
                files.Add(("weighted" + suffix, text));
            }
        }

        return files.Select(f => new Sinks.ResultTable(f.File, Sinks.ResultTables.TableNameOf(f.File), new HashSet<string>(f.Text, StringComparer.Ordinal))).ToList();
    }

    private static HashSet<string> Segments(LoanBook book)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var segment in book.Segment)
        {
            if (!ReferenceEquals(segment, last))
            {
                found.Add(segment);
                last = segment;
            }
        }

        return found;
    }

    private static string WriteComparison(OutputDirectory output, string name, ScenarioComparison comparison)
    {
        using var w = output.CreateText(name);
        CsvText.WriteLine(w, ["scenario", "level", .. comparison.KeyColumns.Select(CsvText.Field), "figure", "baseline", "value", "change", "relative_change"]);
        var empty = comparison.KeyColumns.Select(_ => "").ToArray();
        foreach (var r in comparison.Rows)
        {
            CsvText.WriteLine(w, [CsvText.Field(r.Scenario), r.IsPortfolio ? "portfolio" : "group", .. r.IsPortfolio ? empty : r.Keys.Select(CsvText.Field),
                r.Figure, CsvText.Number(r.Baseline), CsvText.Number(r.Value), CsvText.Number(r.Change), CsvText.Number(r.RelativeChange)]);
        }

        return name;
    }

    private static void WriteManifest(Stream stream, OutputDirectory output, ScenarioJobOptions options, ScenarioAnalysis analysis, string source, int loans,
        IReadOnlyList<KeyValuePair<string, string>> segmentFiles, IReadOnlyList<string> notes, int eclLgdFallbacks, Sinks.DatabaseTableSink? database)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        var v = options.Valuation;
        json.WriteStartObject();
        OutputDirectory.WriteToolAndTime(json, "valuecore scenario", options.Timestamp);

        json.WriteStartObject("input");
        json.WriteString("book", source);
        InputRecord.WriteSha256(json, options.BookPath, name: "book_sha256");
        json.WriteString("scenarios", Path.GetFileName(options.ScenariosPath));
        json.WriteString("scenarios_sha256", OutputDirectory.Sha256(options.ScenariosPath));
        json.WriteEndObject();
        json.WriteNumber("loans", loans);
        json.WriteStartObject("parameters");
        ValuationManifest.WriteParameters(json, v);
        ValuationManifest.WriteGroupings(json, options.GroupBy);
        json.WriteStartArray("measures");
        json.WriteStringValue("raroc");
        foreach (var m in analysis.Options.Measures)
        {
            json.WriteStringValue(m.Name);
        }

        json.WriteEndArray();
        if (options.Lifetime is { } lt)
        {
            var l = lt.Measure.Lifetime;
            json.WriteStartObject("lifetime");
            json.WriteString("matrix", lt.MatrixPath is null ? null : Path.GetFileName(lt.MatrixPath));
            json.WriteString("matrix_sha256", lt.MatrixPath is null ? null : OutputDirectory.Sha256(lt.MatrixPath));
            json.WriteString("credit_states", l.Matrix is null ? "flat pd" : "matrix " + l.Matrix.States);
            if (l.DiscountRate is double d)
            {
                json.WriteNumber("discount", d);
            }
            else
            {
                json.WriteString("discount", "hurdle");
            }

            json.WriteNumber("payments_per_year", l.PaymentsPerYear);
            if (lt.Measure.Rho is double rho)
            {
                json.WriteNumber("rho", rho);
            }

            json.WriteNumber("reversion_years", lt.Measure.ReversionYears);
            json.WriteEndObject();
        }

        if (options.Provision is { } p)
        {
            json.WriteStartObject("provision");
            if (p.MatrixPath is string matrix)
            {
                json.WriteString("matrix", Path.GetFileName(matrix));
                json.WriteString("matrix_sha256", OutputDirectory.Sha256(matrix));
            }
            else
            {
                json.WriteNull("matrix");
                json.WriteNull("matrix_sha256");
            }

            if (p.MatricesDirectory is string dir)
            {
                json.WriteString("matrix_by", LoanColumns.Segment);
                json.WriteString("matrices", Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)));
                json.WriteStartArray("segment_matrices");
                foreach (var (segment, file) in segmentFiles)
                {
                    json.WriteStartObject();
                    json.WriteString("segment", segment);
                    json.WriteString("matrix", Path.GetFileName(file));
                    json.WriteString("matrix_sha256", OutputDirectory.Sha256(file));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("matrix_notes");
            foreach (var note in notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteString("default_states", string.Join(',', p.DefaultStates));
            json.WriteString("absorbing", string.Join(',', p.Absorbing));
            json.WriteString("watch_states", p.WatchStates.Count > 0 ? string.Join(',', p.WatchStates) : "special_mention");
            ValuationManifest.WriteNumberOrNull(json, "rho", p.Rho);
            json.WriteNumber("reversion_years", p.ReversionYears);
            json.WriteNumber("ecl_lgd_from_lgd", eclLgdFallbacks);
            json.WriteNumber("periods_per_year", p.PeriodsPerYear);
            json.WriteNumber("prepayment", p.PrepaymentRate);
            json.WriteString("amortisation", p.DefaultProfile?.ToString().ToLowerInvariant() ?? "");
            json.WriteString("as_of", p.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            json.WriteNumber("sicr_relative", p.Staging.RelativeThreshold);
            json.WriteNumber("sicr_absolute", p.Staging.AbsoluteThreshold);
            json.WriteNumber("sicr_days_past_due", p.Staging.SicrDaysPastDue);
            json.WriteNumber("credit_impaired_days_past_due", p.Staging.CreditImpairedDaysPastDue);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartArray("scenarios");
        foreach (var o in new[] { analysis.Baseline }.Concat(analysis.Scenarios))
        {
            json.WriteStartObject();
            json.WriteString("name", o.Name);
            if (o.Weight is double w)
            {
                json.WriteNumber("weight", w);
            }

            json.WriteNumber("shocks", o.Reports.Count);
            json.WriteNumber("technical_pd_floor", o.TechnicalPdFloorCount);
            var total = o.Groups[0].Total;
            json.WriteNumber("ec", total.Ec);
            ValuationManifest.WriteNumberOrNull(json, "raroc", total.Raroc);

            json.WriteNumber("eva", total.Eva);
            int ecl = analysis.Figures.ToList().IndexOf("ecl");
            if (options.Provision is not null && ecl >= 0)
            {
                json.WriteNumber("ecl", o.Figures[0].Total[ecl]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        Sinks.ResultTables.WriteManifest(json, options.Tables, database);
        output.WriteFileList(json);
        json.WriteEndObject();
    }
}
