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
        m[0].Should().Be("from,A,B,D");
        m[1].Should().Be("A," + string.Join(",", new[] { 5.0 / 7, 1.0 / 7, 1.0 / 7 }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
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
        var (code, _, err) = Run("migration", "estimate", "--history", h, "--states", "A,B,D", "--weight", "balance", "--out", _dir);
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
        Run("migration", "rates", "--history", h, "--out", _dir).Code.Should().Be(3);
    }

    [Fact]
    public void Estimate_BadMethod_ExitsTwo()
    {
        var h = File("h.csv", FourEntities);
        Run("migration", "estimate", "--history", h, "--method", "magic", "--out", _dir).Code.Should().Be(2);
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
        var (code, _, err) = Run("migration", "generator", "--matrix", m, "--method", "jlt", "--out", _dir);
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
        Run("migration", "project", "--matrix", m, "--out", _dir).Code.Should().Be(3);
    }
}
