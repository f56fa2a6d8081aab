using System.Globalization;
using ValueCore.Cli;

namespace ValueCore.Tests.Migration;

public sealed class MigrationCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-migration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(CultureInfo.InvariantCulture);
        var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandLine.Run(args, new CliContext(o, e));
        return (code, o.ToString(), e.ToString());
    }

    private string File(string name, string text)
    {
        string p = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    private const string FourEntities = "entity_id,time,state\ne1,0,A\ne1,1,B\ne1,2,B\ne2,0,A\ne2,2,A\ne3,0,A\ne3,1.5,D\ne4,0.5,A\ne4,3,A\n";

    [Fact]
    public void Estimate_Cohort_WritesMatrixCountsAndCurve()
    {
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--out", o, "--years", "3");
        code.Should().Be(0);
        stdout.Should().Contain("9 observations, 4 entities, 2 transitions");
        var m = System.IO.File.ReadAllLines(Path.Combine(o, "matrix.csv"));
        m[0].Should().Be("from,A,B,D,period_years");
        m[1].Should().Be("A," + string.Join(",", new[] { 5.0 / 7, 1.0 / 7, 1.0 / 7 }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ",1");
        System.IO.File.ReadAllLines(Path.Combine(o, "pd_curve.csv")).Should().HaveCount(1 + (3 * 3));
        System.IO.File.Exists(Path.Combine(o, "counts.csv")).Should().BeTrue();
        System.IO.File.Exists(Path.Combine(o, "manifest.json")).Should().BeTrue();
    }

    [Fact]
    public void Estimate_DurationWithBootstrap_WritesGeneratorAndIntervals()
    {
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "duration", "--bootstrap", "20", "--seed", "5", "--out", o).Code.Should().Be(0);
        var g = System.IO.File.ReadAllLines(Path.Combine(o, "generator.csv"));
        g[1].Split(',')[2].Should().Be((1.0 / 7).ToString("R", CultureInfo.InvariantCulture));
        System.IO.File.ReadAllLines(Path.Combine(o, "matrix_ci.csv")).Should().HaveCount(10);
    }

    [Fact]
    public void Estimate_AalenJohansen_CurveCoversWindowYearsOnly()
    {
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        var (code, _, err) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "aalen-johansen", "--out", o);
        code.Should().Be(0);
        err.Should().Contain("covers the 3 whole years");
        var curve = System.IO.File.ReadAllLines(Path.Combine(o, "pd_curve.csv"));
        curve.Should().HaveCount(1 + (3 * 3));
        curve[2].Should().Be("A,2,0.25,0.25");
    }

    [Fact]
    public void Estimate_UnknownState_ExitsThreeAndWritesNothing()
    {
        var h = File("h.csv", "entity_id,time,state\ne1,0,A\ne1,1,Z\n");
        string o = Path.Combine(_dir, "out");
        var (code, _, err) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--out", o);
        code.Should().Be(3);
        err.Should().Contain("h.csv:3: state = Z");
        Directory.Exists(o).Should().BeFalse();
    }

    [Fact]
    public void Estimate_BalanceWeightWithoutBalanceColumn_ExitsThree()
    {
        var h = File("h.csv", FourEntities);
        var (code, _, err) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--weight", "balance", "--out", Path.Combine(_dir, "out"));
        code.Should().Be(3);
        err.Should().Contain("balance column");
    }

    [Fact]
    public void Estimate_HalfYearPeriodOnDates_StepsBySixMonths()
    {
        var h = File("h.csv", "entity_id,date,state\nL1,2020-12-31,pass\nL1,2021-06-30,doubtful\nL1,2021-12-31,doubtful\nL2,2020-12-31,pass\nL2,2021-12-31,pass\n");
        string o = Path.Combine(_dir, "out");
        Run("migration", "estimate", "--history", h, "--period", "6m", "--years", "1", "--out", o).Code.Should().Be(0);
        var periods = System.IO.File.ReadAllLines(Path.Combine(o, "periods.csv"));
        periods.Should().Contain(l => l.StartsWith("2020-12-31,2021-06-30,pass,doubtful,1,0.5", StringComparison.Ordinal));
        periods.Should().Contain(l => l.StartsWith("2021-06-30,2021-12-31,pass,pass,1,1", StringComparison.Ordinal));
    }

    [Fact]
    public void Rates_WithoutAmountColumns_ExitsThree()
    {
        var h = File("h.csv", "entity_id,date,state\nL1,2020-12-31,pass\nL1,2021-12-31,pass\n");
        Run("migration", "rates", "--history", h, "--out", Path.Combine(_dir, "out")).Code.Should().Be(3);
    }

    [Fact]
    public void Estimate_BadMethod_ExitsTwo()
    {
        var h = File("h.csv", FourEntities);
        Run("migration", "estimate", "--history", h, "--method", "magic", "--out", Path.Combine(_dir, "out")).Code.Should().Be(2);
    }

    [Fact]
    public void Rates_IssueExample_WritesPassRate()
    {
        var h = File("h.csv", "entity_id,date,state,balance,reduction\n" +
            "L1,2020-12-31,pass,4000,0\nL1,2021-12-31,pass,3400,600\n" +
            "L2,2020-12-31,pass,800,0\nL2,2021-12-31,special_mention,800,0\n" +
            "L3,2020-12-31,正常,5200,0\nL3,2021-12-31,正常,5200,0\n");
        string o = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("migration", "rates", "--history", h, "--out", o);
        code.Should().Be(0);
        stdout.Should().Contain("8.51%");
        var rows = System.IO.File.ReadAllLines(Path.Combine(o, "rates.csv"));
        rows.Should().Contain("period,2020-12-31,2021-12-31,pass,800,10000,600," + (800.0 / 9400).ToString("R", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generator_NotEmbeddableMatrix_LogFailsQogSucceeds()
    {
        var m = File("m.csv", "from,A,B,D\nA,0.9,0.1,0\nB,0.05,0.85,0.1\nD,0,0,1\n");
        string o = Path.Combine(_dir, "out");
        var (code, _, err) = Run("migration", "generator", "--matrix", m, "--method", "log", "--out", o);
        code.Should().Be(3);
        err.Should().Contain("not a valid generator");
        Run("migration", "generator", "--matrix", m, "--method", "qog", "--out", o).Code.Should().Be(0);
        System.IO.File.ReadAllText(Path.Combine(o, "diagnostics.csv")).Should().Contain("max_abs_distance");
    }

    [Fact]
    public void Generator_RowNotSummingToOne_ReportsLine()
    {
        var m = File("m.csv", "from,A,B,D\nA,0.9,0.2,0\nB,0.05,0.85,0.1\nD,0,0,1\n");
        var (code, _, err) = Run("migration", "generator", "--matrix", m, "--method", "jlt", "--out", Path.Combine(_dir, "out"));
        code.Should().Be(3);
        err.Should().Contain("m.csv:2: row A sums to");
    }

    [Fact]
    public void Project_GeneratorWithZ_WritesConditionedAndCurve()
    {
        var g = File("g.csv", "from,A,D\nA,-0.02,0.02\nD,0,0\n");
        string o = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("migration", "project", "--generator", g, "--years", "5", "--z", "-1", "--rho", "0.1", "--out", o);
        code.Should().Be(0);
        stdout.Should().Contain("Z = -1");
        System.IO.File.ReadAllLines(Path.Combine(o, "pd_curve.csv")).Should().HaveCount(11);
        System.IO.File.ReadAllLines(Path.Combine(o, "matrices.csv")).Should().HaveCount(1 + (5 * 4));
    }

    [Fact]
    public void Project_NonSquareMatrix_ExitsThree()
    {
        var m = File("m.csv", "from,A,D\nA,0.9,0.1\n");
        Run("migration", "project", "--matrix", m, "--out", Path.Combine(_dir, "out")).Code.Should().Be(3);
    }

    private static double ManifestNumber(string dir, string name) =>
        System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(dir, "manifest.json"))).RootElement.GetProperty("parameters").GetProperty(name).GetDouble();

    private static string[] PeriodCells(string dir, string file = "matrix.csv")
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(dir, file));
        lines[0].Should().EndWith(",period_years");
        return [.. lines.Skip(1).Select(l => l.Split(',')[^1])];
    }

    [Fact]
    public void Estimate_CohortSixMonthPeriod_MatrixFileAndManifestRecordHalfAYear()
    {
        var h = File("h.csv", "entity_id,date,state\nL1,2020-12-31,pass\nL1,2021-06-30,doubtful\nL1,2021-12-31,doubtful\nL2,2020-12-31,pass\nL2,2021-12-31,pass\n");
        string o = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("migration", "estimate", "--history", h, "--period", "6m", "--years", "1", "--out", o);
        code.Should().Be(0);
        PeriodCells(o).Should().HaveCount(5).And.OnlyContain(c => c == "0.5");
        ManifestNumber(o, "period_years").Should().Be(0.5);
        stdout.Should().Contain("matrix.csv covers 0.5 years");
    }

    [Fact]
    public void Estimate_DurationPeriod_RecordsThePeriodAsked()
    {
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "duration", "--period", "3m", "--out", o).Code.Should().Be(0);
        PeriodCells(o).Should().OnlyContain(c => c == "0.25");
        ManifestNumber(o, "period_years").Should().Be(0.25);
    }

    [Fact]
    public void Estimate_AalenJohansen_RecordsTheWindowLength()
    {
        // The Aalen-Johansen matrix is P(S, T) over the window: 3 years for the whole history (0 to 3), 2 for --to 2.
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "aalen-johansen", "--out", o).Code.Should().Be(0);
        PeriodCells(o).Should().OnlyContain(c => c == "3");
        ManifestNumber(o, "period_years").Should().Be(3);
        Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "aalen-johansen", "--to", "2", "--out", o).Code.Should().Be(0);
        PeriodCells(o).Should().OnlyContain(c => c == "2");

        // Dates: a window of whole calendar months is months / 12 (2020-12-31 to 2021-12-31: one year, not 365 / 365.25).
        var d = File("d.csv", "entity_id,date,state\nL1,2020-12-31,pass\nL1,2021-06-30,doubtful\nL1,2021-12-31,doubtful\nL2,2020-12-31,pass\nL2,2021-12-31,pass\n");
        Run("migration", "estimate", "--history", d, "--method", "aalen-johansen", "--out", o).Code.Should().Be(0);
        PeriodCells(o).Should().OnlyContain(c => c == "1");
    }

    [Fact]
    public void Estimate_ThenProject_SixMonthMatrixIsTakenToOneYear()
    {
        // A six-month cohort matrix (e1 defaults in the first half year) projects as its square.
        var h = File("h.csv", "entity_id,time,state\ne1,0,A\ne1,0.5,D\ne2,0,A\ne2,0.5,A\ne2,1,A\ne3,0,A\ne3,1,A\ne4,0,A\ne4,1,A\n");
        string est = Path.Combine(_dir, "est");
        Run("migration", "estimate", "--history", h, "--states", "A,D", "--period", "6m", "--out", est).Code.Should().Be(0);
        string o = Path.Combine(_dir, "proj");
        var (code, stdout, err) = Run("migration", "project", "--matrix", Path.Combine(est, "matrix.csv"), "--years", "1", "--out", o);
        code.Should().Be(0, err);
        stdout.Should().Contain("P^2");

        // Half-year PDs: 1 of 4 in (0, 0.5], 0 of 3 in (0.5, 1]: pooled q = 1/7; one year: 1 - (1 - 1/7)^2 = 13/49.
        var curve = System.IO.File.ReadAllLines(Path.Combine(o, "pd_curve.csv"));
        double pd = double.Parse(curve[1].Split(',')[2], CultureInfo.InvariantCulture);
        pd.Should().BeApproximately(13.0 / 49, 1e-15);
        PeriodCells(o).Should().OnlyContain(c => c == "1");
        ManifestNumber(o, "matrix_periods_per_year").Should().Be(2);
    }

    [Fact]
    public void Project_TwoYearMatrix_ExitsThreeNamingThePeriod()
    {
        var m = File("two.csv", "from,A,D,period_years\nA,0.96,0.04,2\nD,0,1,2\n");
        string o = Path.Combine(_dir, "out");
        var (code, _, err) = Run("migration", "project", "--matrix", m, "--out", o);
        code.Should().Be(3);
        err.Should().Contain("two.csv:2: period_years = 2").And.Contain("covers 2 years").And.Contain("migration project --generator");
        Directory.Exists(o).Should().BeFalse();
    }

    [Fact]
    public void Generator_TwoYearMatrix_UsesTheFilePeriodAndProjectGivesOneYear()
    {
        // The way to a one-year matrix the rejection names: generator (per year) from the two-year file, then project 1 year.
        // Two-state chain, two-year PD 0.04: lambda = -ln(0.96) / 2, one-year PD 1 - sqrt(0.96) (exact for JLT on 2 states).
        var m = File("two.csv", "from,A,D,period_years\nA,0.96,0.04,2\nD,0,1,2\n");
        string g = Path.Combine(_dir, "g");
        Run("migration", "generator", "--matrix", m, "--method", "jlt", "--out", g).Code.Should().Be(0);
        PeriodCells(g).Should().OnlyContain(c => c == "2");
        ManifestNumber(g, "period_years").Should().Be(2);
        string p = Path.Combine(_dir, "p");
        Run("migration", "project", "--generator", Path.Combine(g, "generator.csv"), "--years", "1", "--out", p).Code.Should().Be(0);
        var year = System.IO.File.ReadAllLines(Path.Combine(p, "matrix.csv"));
        double.Parse(year[1].Split(',')[2], CultureInfo.InvariantCulture).Should().BeApproximately(1 - Math.Sqrt(0.96), 1e-12);
        year[1].Should().EndWith(",1");

        // An explicit --period-years that contradicts the file is refused.
        var (code, _, err) = Run("migration", "generator", "--matrix", m, "--method", "jlt", "--period-years", "1", "--out", Path.Combine(_dir, "g2"));
        code.Should().Be(3);
        err.Should().Contain("differs from the period given");
    }

    [Fact]
    public void Estimate_PeriodBootstrap_WritesIntervalsAndKind_AndNeedsCohort()
    {
        var h = File("h.csv", FourEntities);
        string o = Path.Combine(_dir, "out");
        Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--bootstrap", "20", "--bootstrap-kind", "period", "--years", "2", "--out", o).Code.Should().Be(0);
        System.IO.File.ReadAllLines(Path.Combine(o, "matrix_ci.csv")).Should().HaveCount(10);
        System.IO.File.ReadAllText(Path.Combine(o, "manifest.json")).Should().Contain("\"bootstrap_kind\": \"period\"");
        var (code, _, err) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--method", "duration", "--bootstrap", "20", "--bootstrap-kind", "period", "--out", o);
        code.Should().Be(2);
        err.Should().Contain("needs --method cohort");
    }
}
