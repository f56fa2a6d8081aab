using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Globalization;
using System.Text;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;

namespace ValueCore.Batch;

/// <summary>Holds the last per-loan result of a measure so that the scenario run can write it to the measure's folder, then drops it.</summary>
internal sealed class RecordingMeasure(IScenarioMeasure inner) : IScenarioMeasure
{
    public IScenarioMeasure Inner { get; } = inner;

    public string Name => Inner.Name;

    public IReadOnlyList<string> Figures => Inner.Figures;

    /// <summary>The figures of the last evaluation.</summary>
    public IReadOnlyList<double[]>? Last { get; private set; }

    /// <summary>The provisions of the last evaluation (provision measure only).</summary>
    public ScenarioProvisions? LastProvisions { get; private set; }

    public IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation)
    {
        if (Inner is ProvisionMeasure p)
        {
            LastProvisions = p.Measure(input);
            Last = ProvisionMeasure.FiguresOf(LastProvisions);
        }
        else
        {
            Last = Inner.Evaluate(input, valuation);
        }

        return Last;
    }

    public void Clear()
    {
        Last = null;
        LastProvisions = null;
    }
}

/// <summary>Writes each extra measure's files of one scenario in <c>&lt;scenario&gt;/&lt;measure&gt;/</c>: the provisions in the
/// formats of <c>valuecore provision ecl</c> (loans.csv, by_stage.csv, by_segment.csv), any other measure as loans.csv
/// (loan_id and its figures) and one by_&lt;columns&gt;.csv per grouping (loans and the figures' group sums).</summary>
internal static class ScenarioMeasureWriter
{
    private const int RowsPerBlock = 16_384;

    public static IEnumerable<string> Write(OutputDirectory output, LoanBook book, ScenarioOutcome outcome, IReadOnlyList<RecordingMeasure> measures,
        int firstFigure, bool writeLoans, int maxDegreeOfParallelism)
    {
        var files = new List<string>();
        int offset = firstFigure;
        foreach (var m in measures)
        {
            string folder = Path.Combine(outcome.Name, m.Name);
            if (m.LastProvisions is { } p)
            {
                files.AddRange(WriteProvisions(output, folder, p, writeLoans, maxDegreeOfParallelism));
            }
            else if (m.Last is { } values)
            {
                files.AddRange(WriteGeneric(output, folder, book, outcome, m, values, offset, writeLoans, maxDegreeOfParallelism));
            }

            offset += m.Figures.Count;
            m.Clear();
        }

        return files;
    }

    private static List<string> WriteGeneric(OutputDirectory output, string folder, LoanBook book, ScenarioOutcome outcome, RecordingMeasure m,
        IReadOnlyList<double[]> values, int offset, bool writeLoans, int dop)
    {
        var files = new List<string>();
        if (writeLoans)
        {
            string name = Path.Combine(folder, "loans.csv");
            var ids = book.LoanId.ToArray();
            using (var w = output.CreateText(name))
            {
                CsvText.WriteLine(w, ["loan_id", .. m.Figures.Select(CsvText.Field)]);
                WriteRows(w, ids.Length, dop, (i, sb) =>
                {
                    sb.Append(CsvText.Field(ids[i]));
                    foreach (var v in values)
                    {
                        CsvText.AppendNumber(sb.Append(','), v[i]);
                    }

                    sb.Append('\n');
                });
            }

            files.Add(name);
        }

        foreach (var g in outcome.Figures)
        {
            string name = Path.Combine(folder, RarocResultWriter.GroupFileName(g.KeyColumns));
            using (var w = output.CreateText(name))
            {
                CsvText.WriteLine(w, [.. g.KeyColumns.Select(CsvText.Field), "loans", .. m.Figures.Select(CsvText.Field)]);
                for (int k = 0; k < g.Keys.Count; k++)
                {
                    CsvText.WriteLine(w, [.. g.Keys[k].Select(CsvText.Field), CsvText.Number(g.Values[k][0]),
                        .. Enumerable.Range(offset, m.Figures.Count).Select(f => CsvText.Number(g.Values[k][f]))]);
                }
            }

            files.Add(name);
        }

        return files;
    }

    private static List<string> WriteProvisions(OutputDirectory output, string folder, ScenarioProvisions p, bool writeLoans, int dop)
    {
        var files = new List<string>();
        var book = p.Input.Book;
        int n = p.Count;
        if (writeLoans)
        {
            var ids = book.LoanId.ToArray();
            var seg = book.Segment.ToArray();
            var cls = book.Classification.ToArray();
            var ead = book.Ead.ToArray();
            var lgd = p.Lgd.ToArray();
            var stage = p.Stage.ToArray();
            var reason = p.Reason.ToArray();
            var remaining = p.Terms.RemainingYears.ToArray();
            var pd12 = p.PD12Month.ToArray();
            var pdLife = p.PDLifetime.ToArray();
            var ecl12 = p.Ecl12Month.ToArray();
            var eclLife = p.EclLifetime.ToArray();
            var ecl = p.Ecl.ToArray();
            string name = Path.Combine(folder, "loans.csv");
            using (var w = output.CreateText(name))
            {
                CsvText.WriteLine(w, "loan_id", "segment", "classification", "stage", "stage_reason", "ead", "lgd", "remaining_years", "pd_12m", "pd_lifetime", "ecl_12m", "ecl_lifetime", "ecl");
                WriteRows(w, n, dop, (i, sb) =>
                {
                    sb.Append(CsvText.Field(ids[i])).Append(',').Append(CsvText.Field(seg[i])).Append(',').Append(CsvText.Field(cls[i])).Append(',')
                        .Append(stage[i].ToString(CultureInfo.InvariantCulture)).Append(',').Append(ReasonText(reason[i]));
                    foreach (double v in (ReadOnlySpan<double>)[ead[i], lgd[i], remaining[i], pd12[i], pdLife[i], ecl12[i], eclLife[i], ecl[i]])
                    {
                        CsvText.AppendNumber(sb.Append(','), v);
                    }

                    sb.Append('\n');
                });
            }

            files.Add(name);
        }

        // Sums in book order, as valuecore provision ecl forms them.
        var byStage = new double[4, 3];
        var bySegment = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        {
            var seg = book.Segment;
            var ead = book.Ead;
            var stage = p.Stage;
            var ecl = p.Ecl;
            string? last = null;
            double[] a = [];
            for (int i = 0; i < n; i++)
            {
                byStage[stage[i], 0]++;
                byStage[stage[i], 1] += ead[i];
                byStage[stage[i], 2] += ecl[i];
                if (!ReferenceEquals(seg[i], last) && !bySegment.TryGetValue(seg[i], out a!))
                {
                    a = new double[6];
                    bySegment[seg[i]] = a;
                }

                last = seg[i];
                a[0]++;
                a[1] += ead[i];
                a[1 + stage[i]] += ecl[i];
                a[5] += ecl[i];
            }
        }

        string stageName = Path.Combine(folder, "by_stage.csv");
        using (var w = output.CreateText(stageName))
        {
            CsvText.WriteLine(w, "stage", "loans", "exposure", "ecl", "coverage");
            for (int s = 1; s <= 3; s++)
            {
                CsvText.WriteLine(w, I(s), I((long)byStage[s, 0]), CsvText.Number(byStage[s, 1]), CsvText.Number(byStage[s, 2]), CsvText.Number(Coverage(byStage[s, 2], byStage[s, 1])));
            }
        }

        string segmentName = Path.Combine(folder, "by_segment.csv");
        using (var w = output.CreateText(segmentName))
        {
            CsvText.WriteLine(w, "segment", "loans", "exposure", "ecl_stage1", "ecl_stage2", "ecl_stage3", "ecl", "coverage");
            foreach (var (s, a) in bySegment)
            {
                CsvText.WriteLine(w, CsvText.Field(s), I((long)a[0]), CsvText.Number(a[1]), CsvText.Number(a[2]), CsvText.Number(a[3]), CsvText.Number(a[4]),
                    CsvText.Number(a[5]), CsvText.Number(Coverage(a[5], a[1])));
            }
        }

        files.Add(stageName);
        files.Add(segmentName);
        return files;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static double Coverage(double provision, double exposure) => exposure > 0 ? provision / exposure : double.NaN;

    /// <summary>The stage reasons as <c>valuecore provision ecl</c> writes them.</summary>
    internal static string ReasonText(StageReason r) => r switch
    {
        StageReason.Performing => "performing",
        StageReason.Override => "override",
        StageReason.DefaultState => "default_state",
        StageReason.DaysPastDue90 => "dpd_over_90",
        StageReason.WatchState => "watch_state",
        StageReason.DaysPastDue30 => "dpd_over_30",
        _ => "lifetime_pd_increase",
    };

    /// <summary>Formats rows in fixed blocks in parallel and writes the blocks in row order (same bytes for any thread count).</summary>
    private static void WriteRows(TextWriter w, int n, int dop, Action<int, StringBuilder> row)
    {
        int blocks = (n + RowsPerBlock - 1) / RowsPerBlock;
        int threads = dop == -1 ? Environment.ProcessorCount : Math.Max(1, dop);
        int wave = Math.Max(1, 2 * threads);
        var texts = new string[wave];
        for (int first = 0; first < blocks; first += wave)
        {
            int count = Math.Min(wave, blocks - first);
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = dop }, b =>
            {
                var sb = new StringBuilder(RowsPerBlock * 160);
                int start = (first + b) * RowsPerBlock;
                int end = Math.Min(n, start + RowsPerBlock);
                for (int i = start; i < end; i++)
                {
                    row(i, sb);
                }

                texts[b] = sb.ToString();
            });
            for (int b = 0; b < count; b++)
            {
                w.Write(texts[b]);
            }
        }
    }
}
