using System.Globalization;
using System.Text;
using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Provisions;

/// <summary>Issue 16 "Done when" for migration-model collective provisions: the book in memory through
/// <see cref="CollectiveProvision.Run"/> gives exactly what <c>valuecore provision migration</c> writes for the same rows.</summary>
public sealed class CollectiveProvisionRunTests : IDisposable
{
    private const string MatrixCsv = "from,A,B,C,D\nA,0.9,0.07,0.02,0.01\nB,0.1,0.75,0.1,0.05\nC,0.02,0.1,0.68,0.2\nD,0,0,0,1\n";
    private static readonly string[] s_states = ["A", "B", "C", "D"];

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

    private static List<Loan> Loans(int count)
    {
        var random = new Random(42);
        return [.. Enumerable.Range(1, count).Select(i => new Loan
        {
            LoanId = $"L{i}",
            Segment = random.Next(3) switch { 0 => "retail", 1 => "sme", _ => "corp" },
            AssetClass = AssetClass.RetailOther,
            Ead = Math.Round(1000 + (random.NextDouble() * 99_000), 2),
            Pd = 0.01,
            Lgd = Math.Round(0.2 + (random.NextDouble() * 0.4), 3),
            Rate = 0.05,
            FtpRate = 0.02,
            Classification = s_states[random.Next(4)],
        })];
    }

    private static string Csv(IEnumerable<Loan> loans)
    {
        var sb = new StringBuilder("loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification\n");
        foreach (var l in loans)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{l.LoanId},{l.Segment},retail_other,{R(l.Ead)},0.01,{R(l.Lgd)},0.05,0.02,{l.Classification}\n");
        }

        return sb.ToString();
    }

    private static string[][] Read(string folder, string file) =>
        [.. File.ReadAllLines(Path.Combine(folder, file)).Skip(1).Select(l => l.Split(','))];

    private static double? Opt(string s) => s.Length == 0 ? null : Num(s);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_BookAlsoReadFromCsv_EqualsWhatTheCliWrites(bool provisionDefaulted)
    {
        var loans = Loans(50);
        var path = _dir.File("book.csv", Csv(loans));
        var m = _dir.File("m.csv", MatrixCsv);
        string o = _dir.Combine("out");
        string[] args = ["provision", "migration", "--book", path, "--matrix", m, "--horizon", "1.5", "--out", o];
        var (code, _, err) = CliRunner.Run(provisionDefaulted ? [.. args, "--provision-defaulted"] : args);
        code.Should().Be(0, err);

        var builder = new LoanBookBuilder();
        foreach (var l in loans)
        {
            builder.Add(l);
        }

        var result = CollectiveProvision.Run(builder.Build(), CollectiveProvisionOptions.Default with
        {
            Model = Matrix(),
            HorizonYears = 1.5,
            ProvisionDefaulted = provisionDefaulted,
        });

        var written = Read(o, "loans.csv");
        written.Should().HaveCount(loans.Count);
        for (int i = 0; i < loans.Count; i++)
        {
            written[i][0].Should().Be(result.LoanId[i]);
            Num(written[i][5]).Should().Be(result.PD[i]);
            Opt(written[i][6]).Should().Be(result.Provision[i]);
            written[i][7].Should().Be(result.Status[i] switch
            {
                CollectiveProvisionStatus.Collective => "collective",
                CollectiveProvisionStatus.Individual => "individual",
                _ => "defaulted_at_lgd",
            });
        }

        var byClass = Read(o, "by_class.csv");
        byClass.Select(r => (r[0], r[1])).Should().Equal(result.ByClass.Select(t => (t.Segment, t.Classification!)));
        for (int k = 0; k < byClass.Length; k++)
        {
            Check(byClass[k].Skip(2).ToArray(), result.ByClass[k]);
        }

        var bySegment = Read(o, "by_segment.csv");
        bySegment.Select(r => r[0]).Should().Equal(result.BySegment.Select(t => t.Segment));
        for (int k = 0; k < bySegment.Length; k++)
        {
            Check(bySegment[k].Skip(1).ToArray(), result.BySegment[k]);
        }

        result.Total.Should().Be(result.BySegment.Sum(t => t.Provision));
    }

    private static void Check(string[] f, CollectiveProvisionTotal t)
    {
        long.Parse(f[0], CultureInfo.InvariantCulture).Should().Be(t.Loans);
        Num(f[1]).Should().Be(t.Exposure);
        Num(f[2]).Should().Be(t.Provision);
        Opt(f[3]).Should().Be(t.Coverage);
        long.Parse(f[4], CultureInfo.InvariantCulture).Should().Be(t.IndividualLoans);
        Num(f[5]).Should().Be(t.IndividualExposure);
    }

    [Fact]
    public void Run_OneLoan_ProvisionIsEadTimesFirstPassagePdTimesLgd()
    {
        // h = 2: [P^2]_{A,D} = 0.9 x 0.01 + 0.07 x 0.05 + 0.02 x 0.2 + 0.01 x 1 = 0.0265, by hand.
        var book = new LoanBookBuilder().Add(new Loan
        {
            LoanId = "L1", Segment = "retail", AssetClass = AssetClass.RetailOther, Ead = 1000, Pd = 0.01, Lgd = 0.5, Rate = 0.05, FtpRate = 0.02, Classification = "A",
        }).Build();
        var result = CollectiveProvision.Run(book, CollectiveProvisionOptions.Default with { Model = Matrix(), HorizonYears = 2 });
        result.PD[0].Should().BeApproximately(0.0265, 1e-12);
        result.Provision[0]!.Value.Should().BeApproximately(1000 * 0.0265 * 0.5, 1e-9);
        result.BySegment.Single().Coverage!.Value.Should().BeApproximately(0.0265 * 0.5, 1e-12);
    }

    [Fact]
    public void Run_SegmentWithoutModel_ThrowsNamingTheLoan()
    {
        var book = new LoanBookBuilder().Add(new Loan
        {
            LoanId = "L1", Segment = "retail", AssetClass = AssetClass.RetailOther, Ead = 1000, Pd = 0.01, Lgd = 0.5, Rate = 0.05, FtpRate = 0.02, Classification = "A",
        }).Build();
        var options = CollectiveProvisionOptions.Default with { SegmentModels = new Dictionary<string, ITransitionModel> { ["sme"] = Matrix() } };
        var act = () => CollectiveProvision.Run(book, options);
        act.Should().Throw<ArgumentException>().WithMessage("*loan 1 (L1): segment 'retail' has no migration model*");
    }
}
