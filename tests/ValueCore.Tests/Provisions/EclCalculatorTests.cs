using System.Globalization;
using System.Text;
using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.Migration;
using ValueCore.Provisions;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Provisions;

/// <summary>Issue 16 "Done when": the ECL book built in memory and passed to <see cref="EclCalculator"/> gives exactly the numbers
/// that <c>valuecore provision ecl</c> writes for the same rows read from a file (compared as doubles parsed back from the CSV,
/// which the shortest round-trip formatter makes exact).</summary>
public sealed class EclCalculatorTests : IDisposable
{
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination,stage,impairment,ecl_lgd\n";
    private const string MatrixCsv = "from,A,B,C,D\nA,0.9,0.07,0.02,0.01\nB,0.1,0.75,0.1,0.05\nC,0.02,0.1,0.68,0.2\nD,0,0,0,1\n";
    private const double Rho = 0.12;
    private static readonly string[] s_states = ["A", "B", "C", "D"];
    private static readonly double[][] s_z = [[-1.5, -0.5], [1.0]];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static TransitionMatrix Matrix() => DefaultStates.Absorb(TransitionMatrix.Create(StateSpace.Create(s_states), new double[,]
    {
        { 0.9, 0.07, 0.02, 0.01 },
        { 0.1, 0.75, 0.1, 0.05 },
        { 0.02, 0.1, 0.68, 0.2 },
        { 0, 0, 0, 1 },
    }), ["D"]);

    /// <summary>The rows of a seeded book: every provisioning column, optional cells sometimes empty.</summary>
    private sealed record Row(string Id, string Segment, double Ead, double Lgd, string Cls, double Eir, EadProfile Profile, double Term,
        double? Dpd, double? PdOrigination, int? Stage, double? Impairment, double? EclLgd);

    private static List<Row> Rows(int seed, int count, string prefix = "L")
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            double ead = Math.Round(1000 + (random.NextDouble() * 99_000), 2);
            double? impairment = random.Next(6) == 0 ? Math.Round(ead * 0.3, 2) : null;
            rows.Add(new Row(
                $"{prefix}{i + 1}",
                random.Next(2) == 0 ? "retail" : "sme",
                ead,
                Math.Round(0.2 + (random.NextDouble() * 0.4), 3),
                s_states[random.Next(4)],
                Math.Round(0.01 + (random.NextDouble() * 0.07), 4),
                (EadProfile)random.Next(3),
                0.25 * random.Next(1, 41),
                random.Next(3) == 0 ? null : random.Next(0, 120),
                random.Next(3) == 0 ? null : Math.Round(random.NextDouble() * 0.2, 4),
                random.Next(8) == 0 ? random.Next(1, 4) : null,
                impairment,
                random.Next(2) == 0 ? null : Math.Round(0.1 + (random.NextDouble() * 0.4), 3)));
        }

        return rows;
    }

    private static string Csv(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder(Header);
        foreach (var r in rows)
        {
            string profile = r.Profile switch { EadProfile.Bullet => "bullet", EadProfile.Linear => "linear", _ => "annuity" };
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Id},{r.Segment},retail_other,{R(r.Ead)},0.01,{R(r.Lgd)},0.05,0.02,{r.Cls},{R(r.Eir)},{profile},{R(r.Term)},");
            sb.Append(r.Dpd is double d ? R(d) : "").Append(',');
            sb.Append(r.PdOrigination is double o ? R(o) : "").Append(',');
            sb.Append(r.Stage is int s ? s.ToString(CultureInfo.InvariantCulture) : "").Append(',');
            sb.Append(r.Impairment is double m ? R(m) : "").Append(',');
            sb.Append(r.EclLgd is double l ? R(l) : "").Append('\n');
        }

        return sb.ToString();
    }

    private static EclBook Book(IReadOnlyList<Row> rows) => EclBook.Create(
        [.. rows.Select(r => r.Id)], [.. rows.Select(r => r.Segment)], [.. rows.Select(r => r.Cls)], [.. rows.Select(r => r.Ead)],
        [.. rows.Select(r => r.Lgd)], [.. rows.Select(r => r.Eir)], [.. rows.Select(r => r.Profile)], [.. rows.Select(r => r.Term)],
        [.. rows.Select(r => r.EclLgd)], [.. rows.Select(r => r.Stage)], [.. rows.Select(r => r.Dpd)], [.. rows.Select(r => r.PdOrigination)],
        [.. rows.Select(r => r.Impairment)]);

    /// <summary>The options the CLI builds from --matrix, the scenarios file (base: the matrix itself; Z-shifts) and --rho.</summary>
    private static EclOptions Options(bool scenarios, double prepayment = 0)
    {
        var m = Matrix();
        var curves = scenarios
            ? new[] { PDCurveSet.Create([m], 1, EclBook.MaxRemainingYears) }
                .Concat(s_z.Select(z => PDCurveSet.Create(ZShift.YearModels(m, Rho, z, ZShift.DefaultReversionYears), 1, EclBook.MaxRemainingYears)))
                .ToArray()
            : [PDCurveSet.Create(m, 1, EclBook.MaxRemainingYears)];
        return EclOptions.Default with
        {
            Model = new EclModel(m, curves),
            Scenarios = scenarios ? [new("base", 0.5, "matrix"), new("down", 0.3, "z"), new("up", 0.2, "z")] : [],
            PrepaymentRate = prepayment,
        };
    }

    private string[] ScenarioArgs()
    {
        _dir.File("base.csv", MatrixCsv);
        var sc = _dir.File("sc.csv", "scenario,weight,year,z,matrix\nbase,0.5,,,base.csv\ndown,0.3,1,-1.5,\ndown,0.3,2,-0.5,\nup,0.2,1,1,\n");
        return ["--scenarios", sc, "--rho", R(Rho)];
    }

    private static string[][] Read(string folder, string file) =>
        [.. File.ReadAllLines(Path.Combine(folder, file)).Skip(1).Select(l => l.Split(','))];

    private static double? Opt(string s) => s.Length == 0 ? null : Num(s);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_BookAlsoReadFromCsv_EqualsWhatTheCliWrites(bool scenarios)
    {
        var rows = Rows(seed: 16, count: 60);
        var book = _dir.File("book.csv", Csv(rows));
        var m = _dir.File("m.csv", MatrixCsv);
        string o = _dir.Combine("out");
        string[] args = ["provision", "ecl", "--book", book, "--matrix", m, "--prepayment", "0.03", "--out", o];
        var (code, _, err) = CliRunner.Run([.. args, .. scenarios ? ScenarioArgs() : []]);
        code.Should().Be(0, err);

        var result = EclCalculator.Run(Book(rows), Options(scenarios, prepayment: 0.03));

        var loans = Read(o, "loans.csv");
        loans.Should().HaveCount(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var f = loans[i];
            f[0].Should().Be(result.LoanId[i]);
            int.Parse(f[3], CultureInfo.InvariantCulture).Should().Be(result.Stage[i], f[0]);
            Num(f[6]).Should().Be(result.Lgd[i], f[0]);
            Num(f[8]).Should().Be(result.PD12Month[i], f[0]);
            Num(f[9]).Should().Be(result.PDLifetime[i], f[0]);
            Num(f[10]).Should().Be(result.Ecl12Month[i], f[0]);
            Num(f[11]).Should().Be(result.EclLifetime[i], f[0]);
            Num(f[12]).Should().Be(result.Allowance[i], f[0]);
            for (int s = 0; s < result.Scenarios.Count; s++)
            {
                Num(f[13 + s]).Should().Be(result.ScenarioAllowance(s)[i], f[0]);
            }
        }

        var byStage = Read(o, "by_stage.csv");
        for (int s = 0; s < 3; s++)
        {
            long.Parse(byStage[s][1], CultureInfo.InvariantCulture).Should().Be(result.ByStage[s].Loans);
            Num(byStage[s][2]).Should().Be(result.ByStage[s].Exposure);
            Num(byStage[s][3]).Should().Be(result.ByStage[s].Allowance);
            Opt(byStage[s][4]).Should().Be(result.ByStage[s].Coverage);
        }

        var bySegment = Read(o, "by_segment.csv");
        bySegment.Select(r => r[0]).Should().Equal(result.BySegment.Select(s => s.Segment));
        for (int k = 0; k < bySegment.Length; k++)
        {
            var t = result.BySegment[k];
            double[] written = [.. bySegment[k].Skip(2).Take(5).Select(Num)];
            written.Should().Equal(t.Exposure, t.AllowanceStage1, t.AllowanceStage2, t.AllowanceStage3, t.Allowance);
        }

        if (scenarios)
        {
            Read(o, "scenarios.csv").Select(r => Num(r[2])).Should().Equal(result.ScenarioTotals);
        }

        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain($"total ECL allowance {CsvText.Number(result.Total)}.");
    }

    [Fact]
    public void Run_WithOpeningBook_MovementEqualsWhatTheCliWritesAndReconciles()
    {
        var closing = Rows(seed: 7, count: 40);
        // The opening book: the first 30 loans under other classifications and terms, and 5 loans since derecognised.
        var opening = Rows(seed: 8, count: 30).Select((r, i) => r with { Id = closing[i].Id, Segment = closing[i].Segment })
            .Concat(Rows(seed: 9, count: 5, prefix: "X")).ToList();
        var book = _dir.File("book.csv", Csv(closing));
        var open = _dir.File("open.csv", Csv(opening));
        var m = _dir.File("m.csv", MatrixCsv);
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--opening-book", open, "--matrix", m, "--out", o);
        code.Should().Be(0, err);

        var options = Options(scenarios: false);
        var result = EclCalculator.Run(Book(closing), options, EclCalculator.Run(Book(opening), options));

        result.Movement.Should().NotBeNull();
        var written = Read(o, "movement.csv");
        written.Should().HaveCount(8);
        for (int r = 0; r < 8; r++)
        {
            var line = result.Movement![r];
            written[r].Skip(1).Select(Num).Should().Equal(line.Stage1, line.Stage2, line.Stage3, line.Total);
        }

        // Invariant: opening + transfers + new + derecognised + remeasurement = closing, stage by stage (IFRS 7 35H).
        double[] Stage(EclMovementLine l) => [l.Stage1, l.Stage2, l.Stage3];
        for (int s = 0; s < 3; s++)
        {
            double sum = result.Movement!.Take(7).Sum(l => Stage(l)[s]);
            sum.Should().BeApproximately(Stage(result.Movement![7])[s], 1e-6);
            Stage(result.Movement![7])[s].Should().Be(result.ByStage[s].Allowance);
        }
    }

    [Fact]
    public void Run_ManyChunks_SameBitsOnOneAndManyThreads()
    {
        var rows = Rows(seed: 3, count: (2 * 8192) + 100);
        var book = Book(rows);
        var options = Options(scenarios: true);
        var one = EclCalculator.Run(book, options with { MaxDegreeOfParallelism = 1 });
        var many = EclCalculator.Run(book, options with { MaxDegreeOfParallelism = 4 });
        many.Allowance.ToArray().Should().Equal(one.Allowance.ToArray());
        many.Total.Should().Be(one.Total);
        many.ByStage.Should().Equal(one.ByStage);
        many.BySegment.Should().Equal(one.BySegment);
        many.ScenarioTotals.Should().Equal(one.ScenarioTotals);
    }

    [Fact]
    public void Run_ClassificationNotAState_ThrowsNamingTheLoan()
    {
        var rows = Rows(seed: 1, count: 3);
        rows[1] = rows[1] with { Cls = "Z" };
        var act = () => EclCalculator.Run(Book(rows), Options(scenarios: false));
        act.Should().Throw<ArgumentException>().WithMessage("*loan 2 (L2): classification 'Z' is not a state of the matrix*");
    }

    [Fact]
    public void Run_TermBeyondTheCurves_ThrowsNamingTheHorizon()
    {
        var rows = Rows(seed: 1, count: 2).Select(r => r with { Term = 12.5 }).ToList();
        var m = Matrix();
        var options = EclOptions.Default with { Model = new EclModel(m, [PDCurveSet.Create(m, 1, 10)]) };
        var act = () => EclCalculator.Run(Book(rows), options);
        act.Should().Throw<ArgumentException>().WithMessage("*remaining term 12.5 is beyond the 10-year horizon*");
    }

    [Fact]
    public void Run_WeightsNotSummingToOne_Throws()
    {
        var options = Options(scenarios: true);
        options = options with { Scenarios = [new("a", 0.5, ""), new("b", 0.3, ""), new("c", 0.1, "")] };
        var act = () => EclCalculator.Run(Book(Rows(seed: 1, count: 2)), options);
        act.Should().Throw<ArgumentException>().WithMessage("*sum to 0.9*");
    }

    [Fact]
    public void Run_EmptyBook_ZeroTotalsAndOneYearHorizon()
    {
        var result = EclCalculator.Run(Book([]), Options(scenarios: false));
        result.Count.Should().Be(0);
        result.Total.Should().Be(0);
        result.HorizonYears.Should().Be(1);
        result.ByStage.Select(s => s.Coverage).Should().AllSatisfy(c => c.Should().BeNull());
    }

    [Fact]
    public void Create_EirOutsideItsRange_ThrowsNamingLoanAndRule()
    {
        var rows = Rows(seed: 1, count: 2);
        rows[0] = rows[0] with { Eir = 11 };
        var act = () => Book(rows);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Loan 1 (L1): eir must be a number in (-1, 10]*");
    }

    [Fact]
    public void Create_RepeatedIdentifier_Throws()
    {
        var rows = Rows(seed: 1, count: 2);
        rows[1] = rows[1] with { Id = rows[0].Id };
        var act = () => Book(rows);
        act.Should().Throw<ArgumentException>().WithMessage("*Loan 2: the identifier 'L1' is empty or repeated*");
    }

    [Theory]
    [InlineData(1, 10.0)]
    [InlineData(2, 40.0)]
    [InlineData(3, 45.0)]
    public void Allowance_ByStage_TwelveMonthLifetimeOrLgdTimesEad(int stage, double expected)
    {
        // IFRS 9 5.5.5 (stage 1: 12-month ECL), 5.5.3 (stage 2: lifetime), stage 3 without an impairment: LGD x EAD = 0.45 x 100.
        ExpectedCreditLoss.Allowance(stage, ecl12Month: 10, eclLifetime: 40, ead: 100, lgd: 0.45).Should().Be(expected);
    }

    [Fact]
    public void Allowance_Stage3WithImpairment_IsTheImpairment()
    {
        ExpectedCreditLoss.Allowance(3, 10, 40, ead: 100, lgd: 0.45, impairment: 30).Should().Be(30);
        ExpectedCreditLoss.Allowance(1, 10, 40, ead: 100, lgd: 0.45, impairment: 30).Should().Be(10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Allowance_StageOutsideOneToThree_Throws(int stage)
    {
        var act = () => ExpectedCreditLoss.Allowance(stage, 10, 40, 100, 0.45);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Read_TheCsvOfABook_GivesTheSameBookAndResult()
    {
        var rows = Rows(seed: 21, count: 30);
        var path = _dir.File("book.csv", Csv(rows));
        var options = Options(scenarios: false);
        var expected = EclCalculator.Run(Book(rows), options);

        var read = EclBookCsv.Read(path, EclBookCsvOptions.Default);
        read.EclLgd.ToArray().Should().Equal(rows.Select(r => r.EclLgd));
        read.StageOverride.ToArray().Should().Equal(rows.Select(r => r.Stage));
        read.Impairment.ToArray().Should().Equal(rows.Select(r => r.Impairment));
        EclCalculator.Run(read, options).Allowance.ToArray().Should().Equal(expected.Allowance.ToArray());
    }

    [Fact]
    public void Read_StreamWithMappedColumns_GivesTheSameBook()
    {
        var rows = Rows(seed: 22, count: 10);
        string text = Csv(rows).Replace("loan_id,", "ID,", StringComparison.Ordinal).Replace(",eir,", ",EFF_RATE,", StringComparison.Ordinal)
            .Replace(",impairment,", ",IND_PROV,", StringComparison.Ordinal);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var csv = LoanBookCsvOptions.Default with
        {
            ColumnMap = new Dictionary<string, string> { ["loan_id"] = "ID", ["eir"] = "EFF_RATE", ["impairment"] = "IND_PROV" },
        };
        var read = EclBookCsv.Read(stream, EclBookCsvOptions.Default with { Csv = csv });
        read.LoanId.ToArray().Should().Equal(rows.Select(r => r.Id));
        read.Eir.ToArray().Should().Equal(rows.Select(r => r.Eir));
        read.Impairment.ToArray().Should().Equal(rows.Select(r => r.Impairment));
    }

    [Fact]
    public void Read_BadProvisioningCells_ListsEveryProblemWithLineAndColumn()
    {
        var rows = Rows(seed: 23, count: 3);
        string text = Csv(rows);
        var lines = text.Split('\n');
        lines[1] = lines[1].Replace(",annuity,", ",balloon,", StringComparison.Ordinal).Replace(",linear,", ",balloon,", StringComparison.Ordinal)
            .Replace(",bullet,", ",balloon,", StringComparison.Ordinal);
        var f = lines[3].Split(',');
        f[9] = "11";
        lines[3] = string.Join(',', f);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var act = () => EclBookCsv.Read(stream, EclBookCsvOptions.Default);
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Issues.Should().HaveCount(2);
        e.Issues[0].Should().Be(new DataIssue(2, "amortisation", "balloon", "must be bullet, linear or annuity"));
        e.Issues[1].Should().Be(new DataIssue(4, "eir", "11", "must be a number in (-1, 10]"));
    }
}
