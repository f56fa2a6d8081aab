using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Provisions;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Provisions;

/// <summary>The streamed ECL job against the in-memory library path (PDCurveSet, ExpectedCreditLoss, Staging) and itself
/// on other thread counts.</summary>
public sealed class EclCsvJobTests : IDisposable
{
    private const double TotalTolerance = 1e-9; // relative: compensated chunk sums vs a plain loop
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination,stage,impairment";

    private static readonly string[] s_states = ["A", "B", "C", "D"];
    private static readonly string[] s_profiles = ["bullet", "linear", "annuity"];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static TransitionMatrix Matrix(double stress)
    {
        var p = new double[,]
        {
            { 0.90 - stress, 0.07, 0.02, 0.01 + stress },
            { 0.10, 0.75 - (2 * stress), 0.10, 0.05 + (2 * stress) },
            { 0.02, 0.10, 0.68 - (3 * stress), 0.20 + (3 * stress) },
            { 0, 0, 0, 1 },
        };
        return DefaultStates.Absorb(TransitionMatrix.Create(StateSpace.Create(s_states), p), ["D"]);
    }

    /// <summary>A seeded book: loan-book columns plus every provisioning column, with quoted identifiers and empty optional cells.</summary>
    internal static string Book(TempFolder dir, int rows, int seed, string name = "book.csv")
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            string id = i % 97 == 5 ? $"\"L{i},x\"" : i % 89 == 3 ? $"\"L{i}\"" : $"L{i}";
            string seg = i % 3 == 0 ? "retail" : i % 3 == 1 ? "sme" : "corp";
            string cls = s_states[rng.Next(i % 50 == 0 ? 4 : 3)];
            double ead = Math.Round(1000 + (rng.NextDouble() * 1e6), 2);
            double lgd = Math.Round(0.1 + (rng.NextDouble() * 0.6), 4);
            double eir = Math.Round(rng.NextDouble() * 0.12, 4);
            string term = (0.1 + (rng.NextDouble() * 30)).ToString("R", CultureInfo.InvariantCulture);
            string dpd = i % 7 == 0 ? "" : (rng.Next(10) switch { 0 => 45, 1 => 120, _ => 0 }).ToString(CultureInfo.InvariantCulture);
            string pdo = i % 4 == 0 ? "" : Math.Round(rng.NextDouble() * 0.1, 5).ToString("R", CultureInfo.InvariantCulture);
            string stage = i % 101 == 7 ? "2" : "";
            string imp = i % 53 == 1 ? Math.Round(ead * 0.3, 2).ToString("R", CultureInfo.InvariantCulture) : "";
            sb.Append(CultureInfo.InvariantCulture,
                $"{id},{seg},retail_other,{ead:R},0.01,{lgd:R},0.05,0.02,{cls},{eir:R},{s_profiles[rng.Next(3)]},{term},{dpd},{pdo},{stage},{imp}\n");
        }

        return dir.File(name, sb.ToString());
    }

    private static EclJobOptions Options(string book, string outDir, int periods, bool scenarios, int threads) => new()
    {
        BookPath = book,
        OutputDirectory = outDir,
        Model = new EclModel(Matrix(0), scenarios
            ? [PDCurveSet.Create(Matrix(0), periods, EclCsvJob.MaxRemainingYears), PDCurveSet.Create(Matrix(0.02), periods, EclCsvJob.MaxRemainingYears)]
            : [PDCurveSet.Create(Matrix(0), periods, EclCsvJob.MaxRemainingYears)]),
        Scenarios = scenarios ? [new EclScenario("base", 0.6, "matrix"), new EclScenario("down", 0.4, "stressed matrix")] : [],
        WatchStates = ["C"],
        PeriodsPerYear = periods,
        PrepaymentRate = 0.03,
        MaxDegreeOfParallelism = threads,
    };

    /// <summary>loans.csv as the in-memory library path gives it: curves over the book's longest term only.</summary>
    private static (string Text, double[] StageEcl) Expected(string book, int periods, bool scenarios)
    {
        var lines = File.ReadAllLines(book);
        var rows = lines.Skip(1).Select(CsvLine.Fields).ToList();
        double maxTerm = rows.Max(r => double.Parse(r[11], CultureInfo.InvariantCulture));
        int years = (int)Math.Ceiling(maxTerm);
        var curves = scenarios
            ? new[] { PDCurveSet.Create(Matrix(0), periods, years), PDCurveSet.Create(Matrix(0.02), periods, years) }
            : [PDCurveSet.Create(Matrix(0), periods, years)];
        double[] weights = scenarios ? [0.6, 0.4] : [1.0];
        var sb = new StringBuilder("loan_id,segment,classification,stage,stage_reason,ead,lgd,remaining_years,pd_12m,pd_lifetime,ecl_12m,ecl_lifetime,ecl");
        sb.Append(scenarios ? ",ecl_base,ecl_down\n" : "\n");
        var stageEcl = new double[4];
        foreach (var f in rows)
        {
            double ead = D(f[3]), lgd = D(f[5]), eir = D(f[9]), term = D(f[11]);
            var profile = f[10] switch { "bullet" => EadProfile.Bullet, "linear" => EadProfile.Linear, _ => EadProfile.Annuity };
            int state = Array.IndexOf(s_states, f[8]);
            var figures = curves.Select(c => ExpectedCreditLoss.Compute(c.Curve(state), periods, term, ead, lgd, eir, profile, 0.03)).ToArray();
            double w0 = 0, w1 = 0, w2 = 0, w3 = 0;
            for (int s = 0; s < figures.Length; s++)
            {
                w0 += weights[s] * figures[s].PD12Month;
                w1 += weights[s] * figures[s].PDLifetime;
                w2 += weights[s] * figures[s].Ecl12Month;
                w3 += weights[s] * figures[s].EclLifetime;
            }

            double dpd = f[12].Length == 0 ? double.NaN : D(f[12]);
            double pdo = f[13].Length == 0 ? double.NaN : D(f[13]);
            double imp = f[15].Length == 0 ? double.NaN : D(f[15]);
            var a = Staging.Assign(f[14].Length == 0 ? 0 : int.Parse(f[14], CultureInfo.InvariantCulture), state == 3, state == 2, dpd, Math.Min(1, Math.Max(0, w1)), pdo);
            double ecl = ExpectedAllowance(a.Stage, w2, w3, lgd, ead, imp);
            stageEcl[a.Stage] += ecl;
            string reason = a.Reason switch
            {
                StageReason.Performing => "performing",
                StageReason.Override => "override",
                StageReason.DefaultState => "default_state",
                StageReason.DaysPastDue90 => "dpd_over_90",
                StageReason.WatchState => "watch_state",
                StageReason.DaysPastDue30 => "dpd_over_30",
                _ => "lifetime_pd_increase",
            };
            var fields = new List<string>
            {
                CsvText.Field(f[0]), CsvText.Field(f[1]), CsvText.Field(f[8]), a.Stage.ToString(CultureInfo.InvariantCulture), reason,
                CsvText.Number(ead), CsvText.Number(lgd), CsvText.Number(term), CsvText.Number(w0), CsvText.Number(w1), CsvText.Number(w2),
                CsvText.Number(w3), CsvText.Number(ecl),
            };
            if (scenarios)
            {
                fields.AddRange(figures.Select(r => CsvText.Number(ExpectedAllowance(a.Stage, r.Ecl12Month, r.EclLifetime, lgd, ead, imp))));
            }

            sb.Append(string.Join(',', fields)).Append('\n');
        }

        return (sb.ToString(), stageEcl);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(1, false)]
    [InlineData(4, true)]
    public void Run_SmallBook_LoansCsvEqualsInMemoryLibraryPath(int periods, bool scenarios)
    {
        string book = Book(_dir, 1500, 11);
        string o = _dir.Combine("out");
        var summary = EclCsvJob.Run(Options(book, o, periods, scenarios, threads: -1));
        var (text, stageEcl) = Expected(book, periods, scenarios);
        File.ReadAllText(Path.Combine(o, "loans.csv")).Should().Be(text);
        summary.RowsRead.Should().Be(1500);
        summary.RowsValued.Should().Be(1500);
        summary.RowsRejected.Should().Be(0);
        var byStage = File.ReadAllLines(Path.Combine(o, "by_stage.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        for (int s = 1; s <= 3; s++)
        {
            D(byStage[s - 1][3]).Should().BeApproximately(stageEcl[s], TotalTolerance * Math.Max(1, stageEcl[s]));
        }

        summary.Total.Should().BeApproximately(stageEcl.Sum(), TotalTolerance * stageEcl.Sum());
    }

    [Fact]
    public void Run_OneVersusManyThreads_ByteIdenticalFiles()
    {
        // Three chunks of 8192 records, so the order of chunk results matters.
        string book = Book(_dir, 20_000, 5);
        var one = EclCsvJob.Run(Options(book, _dir.Combine("one"), 4, true, threads: 1) with { OpeningBookPath = Book(_dir, 20_500, 6, "open.csv") });
        var many = EclCsvJob.Run(Options(book, _dir.Combine("many"), 4, true, threads: 8) with { OpeningBookPath = _dir.Combine("open.csv") });
        one.Files.Select(Path.GetFileName).Should().Equal(many.Files.Select(Path.GetFileName));
        foreach (var f in one.Files)
        {
            File.ReadAllBytes(Path.Combine(_dir.Combine("many"), Path.GetFileName(f))).Should().Equal(File.ReadAllBytes(f), Path.GetFileName(f));
        }

        one.Files.Select(Path.GetFileName).Should().Contain(["movement.csv", "scenarios.csv", "manifest.json"]);
    }

    [Fact]
    public void Run_Manifest_RecordsInputHashRowsAndParameters()
    {
        string book = Book(_dir, 300, 3);
        string o = _dir.Combine("out");
        var summary = EclCsvJob.Run(Options(book, o, 1, true, -1) with
        {
            ManifestParameters = new Dictionary<string, string> { ["option_rho"] = "0.1" },
            Timestamp = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        });
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(o, "manifest.json")));
        var root = doc.RootElement;
        root.GetProperty("tool").GetString().Should().Be("valuecore provision ecl");
        root.GetProperty("created").GetString().Should().StartWith("2025-01-02T03:04:05");
        var input = root.GetProperty("inputs")[0];
        input.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(book))));
        summary.InputSha256.Should().Be(input.GetProperty("sha256").GetString());
        var rows = root.GetProperty("rows");
        rows.GetProperty("read").GetInt64().Should().Be(300);
        (rows.GetProperty("valued").GetInt64() + rows.GetProperty("rejected").GetInt64()).Should().Be(300);
        var parameters = root.GetProperty("parameters");
        parameters.GetProperty("periods_per_year").GetInt32().Should().Be(1);
        parameters.GetProperty("prepayment_rate").GetDouble().Should().Be(0.03);
        parameters.GetProperty("option_rho").GetString().Should().Be("0.1");
        parameters.GetProperty("scenarios").GetArrayLength().Should().Be(2);
        root.GetProperty("totals").GetProperty("ecl").GetDouble().Should().Be(summary.Total);
    }

    [Fact]
    public void Run_InvalidRows_EveryProblemInOnePassAndNothingWritten()
    {
        string book = _dir.File("bad.csv", Header + "\n" +
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,X,0.05,bullet,2,,,,\n" +
            "L2,retail,retail_other,abc,0.01,0.4,0.05,0.02,A,,bullet,2,,,,\n" +
            "L3,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,balloon,200,-1,,4,\n" +
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,,,,\n");
        string o = _dir.Combine("out");
        var act = () => EclCsvJob.Run(Options(book, o, 1, false, -1));
        var e = act.Should().Throw<DataValidationException>().Which;
        var text = e.Issues.Select(i => i.Format("bad.csv")).ToList();
        text.Should().Contain("bad.csv:2: classification = X is not a state of the matrix for segment 'retail' (A,B,C,D)");
        text.Should().Contain(t => t.StartsWith("bad.csv:3: ead = abc", StringComparison.Ordinal));
        text.Should().Contain("bad.csv:4: amortisation = balloon must be bullet, linear or annuity");
        text.Should().Contain("bad.csv:4: remaining_term = 200 must be a number of years in (0, 100]");
        text.Should().Contain("bad.csv:4: dpd = -1 must be a number in [0, 1000000]");
        text.Should().Contain("bad.csv:4: stage = 4 must be 1, 2, 3 or empty");
        text.Should().Contain("bad.csv:5: loan_id = L1 duplicates the loan_id of line 2");
        e.Issues.Select(i => i.Line).Should().BeInAscendingOrder();
        Directory.GetFiles(o).Should().BeEmpty();
    }

    [Fact]
    public void Run_GeneratorAndMonthlyPeriods_EqualsLibraryPathAtEveryThreadCount()
    {
        var g = DefaultStates.Absorb(Generator.Create(StateSpace.Create(["P", "D"]), new double[,] { { -0.1, 0.1 }, { 0, 0 } }), ["D"]);
        string book = _dir.File("g.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,remaining_term\n" +
            "L1,retail,retail_other,1000,0.01,0.5,0.05,0.02,P,0.04,1.5\nL2,retail,retail_other,2000,0.01,0.25,0.05,0.02,P,0,0.2\n");
        var options = new EclJobOptions
        {
            BookPath = book,
            OutputDirectory = _dir.Combine("g1"),
            Model = new EclModel(g, [PDCurveSet.Create(g, 12, EclCsvJob.MaxRemainingYears)]),
            PeriodsPerYear = 12,
            Amortisation = EadProfile.Linear,
        };
        EclCsvJob.Run(options);
        var l1 = File.ReadAllLines(_dir.Combine("g1", "loans.csv"))[1].Split(',');
        var curve = PDCurveSet.Create(g, 12, 2);
        var r = ExpectedCreditLoss.Compute(curve.Curve(0), 12, 1.5, 1000, 0.5, 0.04, EadProfile.Linear);
        l1[9].Should().Be(CsvText.Number(r.PDLifetime));
        l1[11].Should().Be(CsvText.Number(r.EclLifetime));
        EclCsvJob.Run(options with { OutputDirectory = _dir.Combine("g2"), MaxDegreeOfParallelism = 1 });
        File.ReadAllBytes(_dir.Combine("g2", "loans.csv")).Should().Equal(File.ReadAllBytes(_dir.Combine("g1", "loans.csv")));
    }
    [Fact]
    public void Run_TermBeyondCurveHorizon_ReportedAsRowIssue()
    {
        string book = _dir.File("h.csv", Header + "\n" +
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,10,,,,\n" +
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,12.5,,,,\n");
        var options = new EclJobOptions
        {
            BookPath = book,
            OutputDirectory = _dir.Combine("h"),
            Model = new EclModel(Matrix(0), [PDCurveSet.Create(Matrix(0), 1, 10)]),
        };
        var act = () => EclCsvJob.Run(options);
        act.Should().Throw<DataValidationException>().Which.Issues.Select(i => i.Format("h.csv")).Should()
            .Equal("h.csv:3: remaining_term = 12.5 is beyond the 10-year horizon of the PD curves of segment 'retail'");
        EclCsvJob.Run(options with { Model = new EclModel(Matrix(0), [PDCurveSet.Create(Matrix(0), 1, 13)]) }).RowsValued.Should().Be(2);
    }

    /// <summary>IFRS 9 5.5.3 / 5.5.5: stage 1 the 12-month ECL, stage 2 the lifetime ECL, stage 3 the impairment or LGD x EAD (written out independently of the code under test).</summary>
    private static double ExpectedAllowance(int stage, double ecl12, double eclLife, double lgd, double ead, double impairment) =>
        stage == 1 ? ecl12 : stage == 2 ? eclLife : double.IsNaN(impairment) ? lgd * ead : impairment;
}
