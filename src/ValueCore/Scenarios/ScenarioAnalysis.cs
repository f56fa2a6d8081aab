using ValueCore.Internal;
using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>Runs the baseline and every scenario over one loan book held in memory (read once, value many), and compares them.</summary>
/// <remarks>
/// <para>Each scenario is applied to the book (<see cref="Scenario.Apply"/>), valued with <see cref="PortfolioValuation.Run"/>, summed
/// by group, and passed to the extra measures. The comparison gives, per scenario and group, every figure with the baseline's value
/// and the change; RAROC of a group is Σ return / Σ EC.</para>
/// <para>Probability-weighted view (when weights are used): for an additive figure X, E[X] = w₀ X_baseline + Σ_s w_s X_s, with the
/// baseline's weight w₀ = 1 − Σ_s w_s (or as given); the weighted RAROC is E[return] / E[EC].</para>
/// </remarks>
public sealed class ScenarioAnalysis
{
    private static readonly string[] s_rarocFigures = ["loans", "ead", "el", "ec", "rwa", "revenue", "return", "raroc", "eva"];
    private const int RarocIndex = 7;

    /// <summary>The number of RAROC figures before the extra measures' figures.</summary>
    internal static int RarocFigureCount => s_rarocFigures.Length;

    private ScenarioAnalysis(ScenarioSet set, ScenarioAnalysisOptions options, IReadOnlyList<string> figures, ScenarioOutcome baseline, IReadOnlyList<ScenarioOutcome> scenarios)
    {
        Set = set;
        Options = options;
        Figures = figures;
        Baseline = baseline;
        Scenarios = scenarios;
    }

    /// <summary>The scenarios run.</summary>
    public ScenarioSet Set { get; }

    /// <summary>The options of the run.</summary>
    public ScenarioAnalysisOptions Options { get; }

    /// <summary>The figures compared: loans, ead, el, ec, rwa, revenue, return, raroc, eva, then the extra measures' figures.</summary>
    public IReadOnlyList<string> Figures { get; }

    /// <summary>The baseline.</summary>
    public ScenarioOutcome Baseline { get; }

    /// <summary>The scenarios, in order.</summary>
    public IReadOnlyList<ScenarioOutcome> Scenarios { get; }

    /// <summary>Values the baseline and each scenario.</summary>
    /// <param name="book">The loan book.</param>
    /// <param name="scenarios">The scenarios.</param>
    /// <param name="options">Valuation options, groupings, extra measures; null for <see cref="ScenarioAnalysisOptions.Default"/>.</param>
    /// <returns>The outcomes.</returns>
    /// <exception cref="ArgumentException">A grouping is empty or names a column the book lacks; a filter names a column the book lacks; extra measures repeat a figure name or return arrays of the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scenario parameter is outside its range.</exception>
    /// <exception cref="DataValidationException">A scenario's shocks break a loan-book rule.</exception>
    /// <exception cref="InvalidOperationException">An extra measure returns a value that is not finite.</exception>
    public static ScenarioAnalysis Run(LoanBook book, ScenarioSet scenarios, ScenarioAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(scenarios);
        options ??= ScenarioAnalysisOptions.Default;
        if (options.GroupBy.Any(g => g.Count == 0))
        {
            ThrowHelper.Argument(nameof(options), "A grouping needs at least one column.");
        }

        var figures = s_rarocFigures.Concat(options.Measures.SelectMany(m => m.Figures)).ToList();
        if (figures.Distinct(StringComparer.Ordinal).Count() != figures.Count)
        {
            ThrowHelper.Argument(nameof(options), "Figure names of the measures repeat: " + string.Join(", ", figures));
        }

        // Per grouping, each loan's group (in key order), for the extra measures' sums; text columns are not shocked.
        int[][]? groupOfLoan = null;
        var all = new List<ScenarioOutcome>();
        ScenarioOutcome Value(Scenario scenario, double? weight)
        {
            var stressed = scenario.Apply(book, options.Valuation);
            var valuation = PortfolioValuation.Run(stressed.Book, stressed.Options, options.MaxDegreeOfParallelism);
            var tables = RarocGroups.Tables(valuation, options.GroupBy, maxDegreeOfParallelism: options.MaxDegreeOfParallelism);
            groupOfLoan ??= options.Measures.Count == 0 ? [] : tables.Select(t => GroupOfLoan(book, t)).ToArray();
            var extra = new List<double[]>();
            foreach (var m in options.Measures)
            {
                var values = m.Evaluate(stressed, valuation);
                if (values.Count != m.Figures.Count || values.Any(v => v.Length != book.Count))
                {
                    ThrowHelper.Argument(nameof(options), $"Measure '{m.Name}' returned {values.Count} arrays; expected {m.Figures.Count} of {book.Count} values.");
                }

                if (!AllFinite(values))
                {
                    ThrowHelper.InvalidOperation($"Measure '{m.Name}' returned a value that is not finite in scenario '{scenario.Name}'.");
                }

                extra.AddRange(values);
            }

            var groupFigures = tables.Select((t, g) => BuildFigures(t, extra, groupOfLoan.Length > 0 ? groupOfLoan[g] : [])).ToArray();
            var outcome = new ScenarioOutcome(stressed, weight, tables, options.KeepValuations ? valuation : null, groupFigures, valuation.TechnicalPdFloorCount, valuation.Fallbacks);
            options.OnValued?.Invoke(outcome, valuation);
            return outcome;
        }

        var baseline = Value(Scenario.Baseline, scenarios.BaselineWeight);
        foreach (var s in scenarios.Scenarios)
        {
            all.Add(Value(s, s.Weight));
        }

        return new ScenarioAnalysis(scenarios, options, figures, baseline, all);
    }

    /// <summary>Scenario × group comparison for one grouping.</summary>
    /// <param name="grouping">The index of the grouping in <see cref="ScenarioAnalysisOptions.GroupBy"/>; default the first.</param>
    /// <returns>Every figure of every scenario, group and portfolio, with the baseline's value and the change.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No such grouping.</exception>
    public ScenarioComparison Compare(int grouping = 0)
    {
        CheckGrouping(grouping);
        var b = Baseline.Figures[grouping];
        var rows = new List<ComparisonRow>();
        foreach (var s in Scenarios)
        {
            var f = s.Figures[grouping];
            AddRows(rows, Figures, s.Name, b, f.Values, f.Total);
        }

        return new ScenarioComparison(b.KeyColumns, Figures, rows);
    }

    /// <summary>The probability-weighted view for one grouping: each figure's expectation over the baseline and the scenarios,
    /// against the baseline (rows named <c>weighted</c>).</summary>
    /// <param name="grouping">The index of the grouping; default the first.</param>
    /// <returns>The weighted figures.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No such grouping.</exception>
    /// <exception cref="InvalidOperationException">The scenarios have no weights.</exception>
    public ScenarioComparison Weighted(int grouping = 0)
    {
        CheckGrouping(grouping);
        if (!Set.HasWeights)
        {
            ThrowHelper.InvalidOperation("The scenarios have no weights: there is no probability-weighted view.");
        }

        var b = Baseline.Figures[grouping];
        var outcomes = new[] { Baseline }.Concat(Scenarios).ToArray();
        var values = new double[b.Values.Length][];
        for (int g = 0; g < values.Length; g++)
        {
            values[g] = Expect(outcomes, o => o.Figures[grouping].Values[g]);
        }

        var rows = new List<ComparisonRow>();
        AddRows(rows, Figures, "weighted", b, values, Expect(outcomes, o => o.Figures[grouping].Total));
        return new ScenarioComparison(b.KeyColumns, Figures, rows);
    }

    private double[] Expect(ScenarioOutcome[] outcomes, Func<ScenarioOutcome, double[]> figures)
    {
        int count = Figures.Count;
        var sums = new NeumaierSum[count];
        foreach (var o in outcomes)
        {
            var x = figures(o);
            double w = o.Weight!.Value;
            for (int f = 0; f < count; f++)
            {
                if (f is not 0 and not RarocIndex)
                {
                    sums[f].Add(w * x[f]);
                }
            }
        }

        var e = new double[count];
        for (int f = 0; f < count; f++)
        {
            e[f] = sums[f].Value;
        }

        e[0] = figures(outcomes[0])[0];
        e[RarocIndex] = e[3] > 0 ? e[6] / e[3] : double.NaN;
        return e;
    }

    private static void AddRows(List<ComparisonRow> rows, IReadOnlyList<string> figures, string scenario, GroupFigures b, double[][] values, double[] total)
    {
        for (int g = 0; g < b.Keys.Count; g++)
        {
            for (int f = 0; f < figures.Count; f++)
            {
                rows.Add(new ComparisonRow(scenario, b.Keys[g], figures[f], b.Values[g][f], values[g][f]));
            }
        }

        for (int f = 0; f < figures.Count; f++)
        {
            rows.Add(new ComparisonRow(scenario, [], figures[f], b.Total[f], total[f]));
        }
    }

    private void CheckGrouping(int grouping)
    {
        if (grouping < 0 || grouping >= Baseline.Figures.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(grouping), grouping, $"[0, {Baseline.Figures.Length - 1}]");
        }
    }

    private static bool AllFinite(IReadOnlyList<double[]> values)
    {
        foreach (var v in values)
        {
            foreach (double x in v)
            {
                if (!double.IsFinite(x))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int[] GroupOfLoan(LoanBook book, GroupTable table)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int g = 0; g < table.Rows.Count; g++)
        {
            index[GroupAccumulator.JoinKey(table.Rows[g].Keys.ToArray())] = g;
        }

        var columns = table.KeyColumns.Select(book.TextColumn).ToArray();
        var of = new int[book.Count];
        var values = new string[columns.Length];
        for (int i = 0; i < of.Length; i++)
        {
            for (int k = 0; k < columns.Length; k++)
            {
                values[k] = columns[k][i];
            }

            of[i] = index[GroupAccumulator.JoinKey(values)];
        }

        return of;
    }

    private static GroupFigures BuildFigures(GroupTable table, List<double[]> extra, int[] groupOfLoan)
    {
        int groups = table.Rows.Count;
        var values = new double[groups][];
        var sums = new NeumaierSum[groups * Math.Max(1, extra.Count)];
        for (int m = 0; m < extra.Count; m++)
        {
            var x = extra[m];
            for (int i = 0; i < x.Length; i++)
            {
                sums[(groupOfLoan[i] * extra.Count) + m].Add(x[i]);
            }
        }

        var total = Rarocs(table.Total, extra.Count);
        var totalExtra = new NeumaierSum[extra.Count];
        for (int g = 0; g < groups; g++)
        {
            values[g] = Rarocs(table.Rows[g], extra.Count);
            for (int m = 0; m < extra.Count; m++)
            {
                values[g][s_rarocFigures.Length + m] = sums[(g * extra.Count) + m].Value;
                totalExtra[m].Add(sums[(g * extra.Count) + m]);
            }
        }

        for (int m = 0; m < extra.Count; m++)
        {
            total[s_rarocFigures.Length + m] = totalExtra[m].Value;
        }

        return new GroupFigures(table.KeyColumns, table.Rows.Select(r => r.Keys).ToArray(), values, total);
    }

    private static double[] Rarocs(GroupRow r, int extra)
    {
        var v = new double[s_rarocFigures.Length + extra];
        v[0] = r.Loans;
        v[1] = r.Ead;
        v[2] = r.El;
        v[3] = r.Ec;
        v[4] = r.Rwa;
        v[5] = r.Revenue;
        v[6] = r.Return;
        v[7] = r.Raroc ?? double.NaN;
        v[8] = r.Eva;
        return v;
    }
}
