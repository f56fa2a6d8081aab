using System.Globalization;
using System.Text;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Migration;

/// <summary>
/// Issue 16's rule for migration: a history built in memory from (entity, date, label) records and estimated by the
/// library gives exactly the figures that <c>valuecore migration estimate</c> and <c>migration rates</c> write for the
/// same records read from a file (every cell parsed and compared bit for bit).
/// </summary>
public sealed class MigrationEngineTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>The records of samples/migration-history.csv (labels as recorded, Chinese five-tier labels included).</summary>
    private static readonly (string Id, string Date, string Label, double Balance, double Reduction)[] s_records =
    [
        ("L001", "2021-12-31", "pass", 1000, 0), ("L001", "2022-12-31", "pass", 900, 100), ("L001", "2023-12-31", "special_mention", 850, 50),
        ("L002", "2021-12-31", "pass", 500, 0), ("L002", "2022-12-31", "pass", 500, 0), ("L002", "2023-12-31", "pass", 450, 50),
        ("L003", "2021-12-31", "special_mention", 800, 0), ("L003", "2022-12-31", "substandard", 800, 0), ("L003", "2023-12-31", "loss", 0, 800),
        ("L004", "2021-12-31", "正常", 1200, 0), ("L004", "2022-12-31", "关注", 1100, 100), ("L004", "2023-12-31", "正常", 1000, 100),
        ("L005", "2021-12-31", "substandard", 300, 0), ("L005", "2022-12-31", "doubtful", 250, 50), ("L005", "2023-12-31", "doubtful", 250, 0),
        ("L006", "2022-12-31", "pass", 700, 0), ("L006", "2023-12-31", "pass", 650, 50),
        ("L007", "2021-12-31", "pass", 400, 0), ("L007", "2022-06-30", "special_mention", 380, 20), ("L007", "2023-06-30", "pass", 300, 80),
    ];

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<RatingRecord> Records() => s_records.Select(r =>
        RatingRecord.OnDate(r.Id, DateOnly.ParseExact(r.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Label) with { Balance = r.Balance, Reduction = r.Reduction });

    private string HistoryFile()
    {
        var text = new StringBuilder("entity_id,date,state,balance,reduction\n");
        foreach (var r in s_records)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Id},{r.Date},{r.Label},{r.Balance},{r.Reduction}\n");
        }

        return _temp.File("history.csv", text.ToString());
    }

    private static string[][] Csv(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))];

    /// <summary>A number as the CLI writes it; an empty cell is "not defined" (NaN in the library's result).</summary>
    private static double Number(string cell) => cell.Length == 0 ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Date(double day) => DateOnly.FromDayNumber((int)day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TheoryData<string> Methods => ["cohort", "cohort-balance-average-6m", "aalen-johansen", "duration", "duration-bootstrap", "cohort-period-bootstrap"];

    private static (string[] Args, MigrationEstimateOptions Options) Case(string name) => name switch
    {
        "cohort" => ([], MigrationEstimateOptions.Default),
        "cohort-balance-average-6m" => (["--weight", "balance", "--aggregation", "average", "--period", "6m", "--years", "4"],
            new MigrationEstimateOptions { Weighting = CohortWeighting.Balance, Aggregation = CohortAggregation.Average, PeriodYears = 0.5, Years = 4 }),
        "aalen-johansen" => (["--method", "aalen-johansen"], new MigrationEstimateOptions { Method = MigrationMethod.AalenJohansen }),
        "duration" => (["--method", "duration", "--years", "5", "--from", "2022-03-31"],
            new MigrationEstimateOptions { Method = MigrationMethod.Duration, Years = 5, From = new DateOnly(2022, 3, 31).DayNumber }),
        "duration-bootstrap" => (["--method", "duration", "--bootstrap", "20", "--seed", "5", "--confidence", "0.9"],
            new MigrationEstimateOptions { Method = MigrationMethod.Duration, BootstrapReplicates = 20, Seed = 5, Confidence = 0.9 }),
        "cohort-period-bootstrap" => (["--bootstrap", "12", "--bootstrap-kind", "period", "--years", "3"],
            new MigrationEstimateOptions { BootstrapReplicates = 12, BootstrapKind = BootstrapKind.Period, Years = 3 }),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Run_RecordsInMemory_EqualsEveryFigureTheCliWrites(string method)
    {
        var (args, options) = Case(method);
        string output = _temp.Combine("out-" + method);
        var (code, _, error) = CliRunner.Run(["migration", "estimate", "--history", HistoryFile(), .. args, "--out", output]);
        code.Should().Be(0, error);

        var run = MigrationEstimation.Run(RatingHistory.FromRecords(Records()), options);
        var est = run.Estimate;
        var states = est.States;
        int n = states.Count;

        var matrix = Csv(Path.Combine(output, "matrix.csv"));
        matrix.Should().HaveCount(n);
        for (int i = 0; i < n; i++)
        {
            matrix[i][0].Should().Be(states[i]);
            for (int j = 0; j < n; j++)
            {
                Number(matrix[i][1 + j]).Should().Be(est.Matrix[i, j], $"matrix[{i},{j}]");
            }

            Number(matrix[i][n + 1]).Should().Be(est.Matrix.PeriodYears);
        }

        var counts = Csv(Path.Combine(output, "counts.csv"));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Number(counts[i][1 + j]).Should().Be(est.Counts[i, j], $"counts[{i},{j}]");
            }

            Number(counts[i][n + 1]).Should().Be(est.RowTotals[i]);
            if (est.ExposureYears is null)
            {
                counts[i][n + 2].Should().BeEmpty();
            }
            else
            {
                Number(counts[i][n + 2]).Should().Be(est.ExposureYears[i]);
            }

            counts[i][n + 3].Should().Be(est.UnobservedStates.Contains(states[i]) ? "false" : "true");
        }

        var curve = Csv(Path.Combine(output, "pd_curve.csv"));
        curve.Should().HaveCount(n * run.PDCurve.Years);
        int row = 0;
        for (int i = 0; i < n; i++)
        {
            for (int t = 1; t <= run.PDCurve.Years; t++, row++)
            {
                curve[row][0].Should().Be(states[i]);
                Number(curve[row][1]).Should().Be(t);
                Number(curve[row][2]).Should().Be(run.PDCurve.Cumulative(i, t), $"cumulative PD {states[i]} year {t}");
                Number(curve[row][3]).Should().Be(run.PDCurve.Marginal(i, t), $"marginal PD {states[i]} year {t}");
                if (run.Intervals is { } ci)
                {
                    Number(curve[row][4]).Should().Be(ci.CumulativePDLower(i, t));
                    Number(curve[row][5]).Should().Be(ci.CumulativePDUpper(i, t));
                }
            }
        }

        File.Exists(Path.Combine(output, "generator.csv")).Should().Be(est.Generator is not null);
        if (est.Generator is { } g)
        {
            var gen = Csv(Path.Combine(output, "generator.csv"));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Number(gen[i][1 + j]).Should().Be(g[i, j], $"generator[{i},{j}]");
                }
            }
        }

        File.Exists(Path.Combine(output, "periods.csv")).Should().Be(est.Periods.Count > 0);
        if (est.Periods.Count > 0)
        {
            var periods = Csv(Path.Combine(output, "periods.csv"));
            periods.Should().HaveCount(est.Periods.Count * n * n);
            row = 0;
            foreach (var p in est.Periods)
            {
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++, row++)
                    {
                        periods[row][0].Should().Be(Date(p.Start));
                        periods[row][1].Should().Be(Date(p.End));
                        Number(periods[row][4]).Should().Be(p.Counts[i, j]);
                        Number(periods[row][5]).Should().Be(p.Matrix[i, j]);
                    }
                }
            }
        }

        File.Exists(Path.Combine(output, "matrix_ci.csv")).Should().Be(run.Intervals is not null);
        if (run.Intervals is { } intervals)
        {
            var ci = Csv(Path.Combine(output, "matrix_ci.csv"));
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    Number(ci[(i * n) + j][3]).Should().Be(intervals.MatrixLower(i, j));
                    Number(ci[(i * n) + j][4]).Should().Be(intervals.MatrixUpper(i, j));
                }
            }
        }
    }

    public static TheoryData<string> Projections => ["plain", "z", "fit"];

    [Theory]
    [MemberData(nameof(Projections))]
    public void Project_MatrixInMemory_EqualsEveryFigureTheCliWrites(string shift)
    {
        var states = StateSpace.Create(["A", "B", "D"]);
        var matrix = TransitionMatrix.Create(states, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.8, 0.1 }, { 0, 0, 1 } });
        string path = _temp.File("m.csv", "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.8,0.1\nD,0,0,1\n");
        var (args, options) = shift switch
        {
            "z" => ((string[])["--z", "-1.5", "--rho", "0.12"], new MigrationProjectionOptions { Years = 4, Z = -1.5, Rho = 0.12 }),
            "fit" => (["--fit-default-rate", "0.05", "--rho", "0.2", "--weights", "2,1,0"],
                new MigrationProjectionOptions { Years = 4, FitDefaultRate = 0.05, Rho = 0.2, Weights = [2.0, 1.0, 0.0] }),
            _ => ([], new MigrationProjectionOptions { Years = 4 }),
        };
        string output = _temp.Combine("project-" + shift);
        var (code, _, error) = CliRunner.Run(["migration", "project", "--matrix", path, "--years", "4", .. args, "--out", output]);
        code.Should().Be(0, error);

        var run = MigrationProjection.Run(matrix, options);

        var matrices = Csv(Path.Combine(output, "matrices.csv"));
        matrices.Should().HaveCount(4 * 9);
        for (int r = 0; r < matrices.Length; r++)
        {
            int t = r / 9, i = r % 9 / 3, j = r % 3;
            Number(matrices[r][3]).Should().Be(run.Matrices[t][i, j], $"P(t = {t + 1})[{i},{j}]");
        }

        var curve = Csv(Path.Combine(output, "pd_curve.csv"));
        for (int r = 0; r < curve.Length; r++)
        {
            Number(curve[r][2]).Should().Be(run.PDCurve.Cumulative(r / 4, (r % 4) + 1));
            Number(curve[r][3]).Should().Be(run.PDCurve.Marginal(r / 4, (r % 4) + 1));
        }

        File.Exists(Path.Combine(output, "conditioned.csv")).Should().Be(shift != "plain");
        if (run.Conditioned is { } c)
        {
            var rows = Csv(Path.Combine(output, "conditioned.csv"));
            for (int i = 0; i < 3; i++)
            {
                rows[i][1..4].Select(Number).Should().Equal(c[i, 0], c[i, 1], c[i, 2]);
            }

            // The fitted Z reproduces the default rate: weighted one-year PD of the conditioned matrix = 0.05.
            if (shift == "fit")
            {
                ((2 * c[0, 2]) + c[1, 2]).Should().BeApproximately(3 * 0.05, 1e-9);
            }
        }
    }

    [Fact]
    public void Rates_RecordsInMemory_EqualsEveryFigureTheCliWrites()
    {
        string output = _temp.Combine("rates");
        var (code, _, error) = CliRunner.Run("migration", "rates", "--history", HistoryFile(), "--out", output);
        code.Should().Be(0, error);

        var periods = RegulatoryMigrationRates.Compute(RatingHistory.FromRecords(Records()), new CohortOptions(), out var pooled);
        var expected = periods.Select(p => (Scope: "period", Period: p)).Append((Scope: "overall", Period: pooled))
            .SelectMany(x => x.Period.Rates.Select(r => (x.Scope, x.Period.Start, x.Period.End, Rate: r))).ToList();
        var rows = Csv(Path.Combine(output, "rates.csv"));
        rows.Should().HaveCount(expected.Count);
        for (int k = 0; k < rows.Length; k++)
        {
            var (scope, start, end, rate) = expected[k];
            rows[k][0].Should().Be(scope);
            rows[k][1].Should().Be(Date(start));
            rows[k][2].Should().Be(Date(end));
            Number(rows[k][4]).Should().Be(rate.Migrated);
            Number(rows[k][5]).Should().Be(rate.Opening);
            Number(rows[k][6]).Should().Be(rate.Reduction);
            Number(rows[k][7]).Should().Be(rate.Rate, "an empty cell is a rate not defined (no opening balance)");
        }
    }

    [Fact]
    public void FromRecords_SameRecordsAsTheFile_SameHistoryAsTheReader()
    {
        var fromFile = RatingHistoryReader.Read(HistoryFile());
        var inMemory = RatingHistory.FromRecords(Records());
        inMemory.States.Labels.Should().Equal(fromFile.States.Labels);
        inMemory.EntityIds.Should().Equal(fromFile.EntityIds);
        (inMemory.ObservationCount, inMemory.EntityCount, inMemory.TransitionCount, inMemory.CensoringCount, inMemory.HasBalance, inMemory.HasReduction)
            .Should().Be((fromFile.ObservationCount, fromFile.EntityCount, fromFile.TransitionCount, fromFile.CensoringCount, true, true));
    }

    [Fact]
    public void FromRecords_LabelMap_MapsAliasesToStatesAndCensoring()
    {
        // Two entities in A at 2020-12-31, one in B a year later: the one-year cohort matrix has P(A, B) = 1/2 exactly.
        // A third is withdrawn ("WD" -> NR, censoring) before the end of the period.
        var d0 = new DateOnly(2020, 12, 31);
        var d1 = new DateOnly(2021, 12, 31);
        RatingRecord[] records =
        [
            RatingRecord.OnDate("e1", d0, "AAA"), RatingRecord.OnDate("e1", d1, "BBB"),
            RatingRecord.OnDate("e2", d1, "AAA"), RatingRecord.OnDate("e2", d0, "AAA"),
            RatingRecord.OnDate("e3", d0, "AAA"), RatingRecord.OnDate("e3", new DateOnly(2021, 6, 30), "WD"),
        ];
        var labels = new RatingLabels
        {
            States = ["A", "B", "D"],
            Censor = ["NR"],
            Map = new Dictionary<string, string> { ["AAA"] = "A", ["BBB"] = "B", ["WD"] = "NR" },
        };

        var history = RatingHistory.FromRecords(records, labels);

        history.States.Labels.Should().Equal("A", "B", "D");
        (history.EntityCount, history.TransitionCount, history.CensoringCount).Should().Be((3, 1, 1));
        history.EntityIds.Should().Equal("e1", "e2", "e3");
        var est = MigrationEstimation.Run(history, new MigrationEstimateOptions { Years = 1 }).Estimate;
        est.Matrix[0, 1].Should().Be(0.5);
        est.Matrix[0, 0].Should().Be(0.5);
    }

    [Fact]
    public void FromRecords_BadRecords_ReportsRecordNumbersAndRules()
    {
        var d = new DateOnly(2020, 12, 31);
        RatingRecord[] records =
        [
            RatingRecord.OnDate("e1", d, "pass") with { Balance = 10 },
            RatingRecord.OnDate("", d, "pass") with { Balance = 10 },
            RatingRecord.OnDate("e3", d, "pass"),
            RatingRecord.OnDate("e4", d, "") with { Balance = 10 },
        ];

        var e = FluentActions.Invoking(() => RatingHistory.FromRecords(records, source: "records")).Should().Throw<DataValidationException>().Which;

        e.Source.Should().Be("records");
        e.TotalIssues.Should().Be(3);
        e.Issues.Select(i => (i.Line, i.Column)).Should().Equal((2L, "entity_id"), (3L, "balance"), (4L, "state"));
    }

    [Fact]
    public void FromRecords_UnknownLabel_StatesTheRuleWithoutAFlag()
    {
        RatingRecord[] records = [RatingRecord.OnDate("e1", new DateOnly(2020, 12, 31), "X")];

        var e = FluentActions.Invoking(() => RatingHistory.FromRecords(records, new RatingLabels { States = ["A", "D"] }))
            .Should().Throw<DataValidationException>().Which;

        e.Issues.Should().ContainSingle().Which.Should().Be(new DataIssue(1, "state", "X", "is not a known state (A,D)"));
    }

    [Fact]
    public void Run_BalanceWeightingWithoutBalances_ThrowsWithoutNamingAFlag()
    {
        var history = RatingHistory.FromRecords([RatingRecord.OnDate("e1", new DateOnly(2020, 12, 31), "pass"), RatingRecord.OnDate("e1", new DateOnly(2021, 12, 31), "loss")]);

        var act = () => MigrationEstimation.Run(history, new MigrationEstimateOptions { Weighting = CohortWeighting.Balance });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("balance").And.NotContain("--");
    }

    [Fact]
    public void Estimate_LabelsNotFiveTier_CliNamesTheStatesFlag()
    {
        string path = _temp.File("aaa.csv", "entity_id,date,state\ne1,2020-12-31,AAA\ne1,2021-12-31,D\n");

        var (code, _, error) = CliRunner.Run("migration", "estimate", "--history", path, "--out", _temp.Combine("o"));

        code.Should().Be(3);
        error.Should().Contain("aaa.csv:2: state = AAA is not a five-tier label; give the state order (labels found: AAA, D): give the order with --states LIST");
    }

    /// <summary>Issue 18 item 3: the bootstrap reports each replicate done (for the CLI's progress line), and the
    /// report changes no figure.</summary>
    [Fact]
    public void Run_BootstrapWithProgress_ReportsEveryReplicateAndSameIntervals()
    {
        var reports = new List<long>();
        var options = new MigrationEstimateOptions { Method = MigrationMethod.Duration, BootstrapReplicates = 20, Seed = 5, Confidence = 0.9 };
        var quiet = MigrationEstimation.Run(RatingHistory.FromRecords(Records()), options);
        var watched = MigrationEstimation.Run(RatingHistory.FromRecords(Records()), options with { BootstrapProgress = new Recorder(reports) });

        reports.Should().Equal(Enumerable.Range(1, 20).Select(i => (long)i));
        int n = quiet.Estimate.States.Count;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                watched.Intervals!.MatrixLower(i, j).Should().Be(quiet.Intervals!.MatrixLower(i, j));
            }
        }
    }

    private sealed class Recorder(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
