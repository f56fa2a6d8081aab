using System.Globalization;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Migration;

/// <summary>Matrix files record their period (period_years); readers needing one year convert 1/n-year files by powers.</summary>
public sealed class MigrationCsvTests : IDisposable
{
    // Entries of P^2 differ from the closed form by a few ulps of products of numbers in [0, 1].
    private const double Rounding = 1e-15;

    private readonly string _dir = Directory.CreateTempSubdirectory("vc-matrixcsv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        string p = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void ReadMatrix_NoPeriodColumn_ReadsAsOneYear()
    {
        // Every matrix file written before period_years existed covers one year.
        var path = File("m.csv", "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n");
        MigrationCsv.ReadMatrix(path).PeriodYears.Should().Be(1);
        var m = MigrationCsv.ReadOneYearMatrix(path, null, out int n);
        n.Should().Be(1);
        m.PeriodYears.Should().Be(1);
        m[0, 2].Should().Be(0.02);
    }

    [Fact]
    public void ReadOneYearMatrix_SixMonthTwoStateChain_EqualsClosedFormSquare()
    {
        // Two communicating states A, B (switch probabilities a, b per six months; D absorbing, unreached). For
        // P = [[1 - a, a], [b, 1 - b]], P^n = 1/(a + b) [[b + a l^n, a - a l^n], [b - b l^n, a + b l^n]], l = 1 - a - b
        // (the two-state Markov chain, e.g. Norris, Markov Chains, 1997, section 1.1).
        double a = 0.1, b = 0.3, l = 1 - a - b;
        var path = File("half.csv", $"from,A,B,D,period_years\nA,{N(1 - a)},{N(a)},0,0.5\nB,{N(b)},{N(1 - b)},0,0.5\nD,0,0,1,0.5\n");
        MigrationCsv.ReadMatrix(path).PeriodYears.Should().Be(0.5);
        var year = MigrationCsv.ReadOneYearMatrix(path, null, out int n);
        n.Should().Be(2);
        year.PeriodYears.Should().Be(1);
        year[0, 0].Should().BeApproximately((b + (a * l * l)) / (a + b), Rounding);
        year[0, 1].Should().BeApproximately((a - (a * l * l)) / (a + b), Rounding);
        year[1, 0].Should().BeApproximately((b - (b * l * l)) / (a + b), Rounding);
        year[1, 1].Should().BeApproximately((a + (b * l * l)) / (a + b), Rounding);
        year[2, 2].Should().Be(1);
    }

    [Fact]
    public void ReadOneYearMatrix_QuarterlyDefaultChain_PDIsOneMinusSurvivalToTheFourth()
    {
        // A quarterly PD q: one-year survival (1 - q)^4. period_years may sit anywhere after from.
        const double q = 0.01;
        var path = File("q.csv", $"from,period_years,A,D\nA,0.25,{N(1 - q)},{N(q)}\nD,0.25,0,1\n");
        var year = MigrationCsv.ReadOneYearMatrix(path, null, out int n);
        n.Should().Be(4);
        year.DefaultProbability(0).Should().BeApproximately(1 - Math.Pow(1 - q, 4), Rounding);
    }

    [Fact]
    public void ReadOneYearMatrix_TwoYearFile_RejectedNamingTwoYearsAndTheWayToOneYear()
    {
        var path = File("two.csv", "from,A,D,period_years\nA,0.96,0.04,2\nD,0,1,2\n");
        var act = () => MigrationCsv.ReadOneYearMatrix(path, null, out _);
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Source.Should().Be("two.csv");
        e.Issues.Should().ContainSingle();
        e.Issues[0].Column.Should().Be("period_years");
        e.Issues[0].Value.Should().Be("2");
        e.Issues[0].Rule.Should().Contain("covers 2 years").And.Contain("one-year matrix from a generator").And.NotContain("--");
        e.Issues[0].Setting.Should().Be("OneYearMatrix", "the CLI turns the setting into its commands (MigrationCommandTests)");
        MigrationCsv.ReadMatrix(path).PeriodYears.Should().Be(2);
    }

    [Fact]
    public void ReadOneYearMatrix_FiveMonthFile_Rejected()
    {
        // 12/5 periods make a year: no whole power of the matrix covers one year.
        var path = File("five.csv", $"from,A,D,period_years\nA,0.99,0.01,{N(5.0 / 12)}\nD,0,1,{N(5.0 / 12)}\n");
        var act = () => MigrationCsv.ReadOneYearMatrix(path, null, out _);
        act.Should().Throw<DataValidationException>().Which.Issues[0].Rule.Should().Contain("0.4166666666666667 years");
    }

    [Fact]
    public void ReadMatrix_BadPeriodCells_ReportedWithLines()
    {
        var path = File("bad.csv", "from,A,D,period_years\nA,0.99,0.01,0.5\nD,0,1,1\n");
        var e = ((Action)(() => MigrationCsv.ReadMatrix(path))).Should().Throw<DataValidationException>().Which;
        e.Issues.Should().ContainSingle(i => i.Line == 3 && i.Column == "period_years" && i.Rule.Contains("differs from line 2", StringComparison.Ordinal));
        path = File("bad2.csv", "from,A,D,period_years\nA,0.99,0.01,\nD,0,1,-1\n");
        e = ((Action)(() => MigrationCsv.ReadMatrix(path))).Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Line).Should().Equal(2, 3);
    }

    [Fact]
    public void ReadMatrix_RecordedPeriodDiffersFromGiven_Rejected()
    {
        var path = File("m.csv", "from,A,D,period_years\nA,0.99,0.01,0.5\nD,0,1,0.5\n");
        MigrationCsv.ReadMatrix(path, null, 0.5).PeriodYears.Should().Be(0.5);
        var act = () => MigrationCsv.ReadMatrix(path, null, 1.0);
        act.Should().Throw<DataValidationException>().Which.Issues[0].Rule.Should().Contain("differs from the period given");
        MigrationCsv.ReadMatrix(File("old.csv", "from,A,D\nA,0.99,0.01\nD,0,1\n"), null, 0.25).PeriodYears.Should().Be(0.25);
    }

    [Fact]
    public void ReadGenerator_PeriodColumn_Rejected()
    {
        var path = File("g.csv", "from,A,D,period_years\nA,-0.1,0.1,1\nD,0,0,1\n");
        var act = () => MigrationCsv.ReadGenerator(path);
        act.Should().Throw<DataValidationException>().Which.Issues[0].Column.Should().Be("period_years");
    }

    [Fact]
    public void WriteMatrix_MonthlyMatrix_RoundTripsPeriodAndIsTwelfthOfAYear()
    {
        var m = TransitionMatrix.Create(StateSpace.Create(["A", "D"]), new[,] { { 0.999, 0.001 }, { 0, 1 } }, 1.0 / 12);
        string path = Path.Combine(_dir, "monthly.csv");
        using (var w = new StreamWriter(path))
        {
            MigrationCsv.WriteMatrix(w, m);
        }

        System.IO.File.ReadAllLines(path)[0].Should().Be("from,A,D,period_years");
        var back = MigrationCsv.ReadMatrix(path);
        back.PeriodYears.Should().Be(1.0 / 12);
        back.PeriodsPerYear.Should().Be(12);
        back[0, 1].Should().Be(0.001);
    }
}
