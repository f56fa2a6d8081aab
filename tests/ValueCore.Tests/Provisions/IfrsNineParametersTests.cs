using System.Globalization;
using System.Text.Json;
using ValueCore.Numerics;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Provisions;

/// <summary><c>provision ecl</c>: the ECL LGD (ecl_lgd, IFRS 9 5.5.17(a)), the term column and the reversion of a Z forecast to the
/// through-the-cycle matrix after its horizon (IFRS 9 B5.5.50). docs/provisions.md, "IFRS 9 parameters".</summary>
public sealed class IfrsNineParametersTests : IDisposable
{
    /// <summary>Closed forms of a few products and normal CDFs against the tool's sums: agreement to rounding.</summary>
    private const double ClosedFormTolerance = 1e-12;

    private const double Rho = 0.1;
    private const string Matrix = "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n";
    private const string Columns = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,dpd";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static Dictionary<string, string[]> Loans(string outDir) =>
        File.ReadAllLines(Path.Combine(outDir, "loans.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);

    private static double Tail(double c, double z) => NormalDistribution.Cdf((NormalDistribution.InverseCdf(c) - (Math.Sqrt(Rho) * z)) / Math.Sqrt(1 - Rho));

    /// <summary>Row A of a 3-state matrix (A, B, D) raised to the power t, by repeated products: the state mix after t years.</summary>
    private static (double A, double B, double D) After(double[,] p, (double A, double B, double D) start, int years)
    {
        var d = start;
        for (int t = 0; t < years; t++)
        {
            d = ((d.A * p[0, 0]) + (d.B * p[1, 0]), (d.A * p[0, 1]) + (d.B * p[1, 1]), d.D + (d.A * p[0, 2]) + (d.B * p[1, 2]));
        }

        return d;
    }

    private static readonly double[,] s_ttc = { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } };

    private static double[,] Conditioned(double z) => new[,]
    {
        { 1 - Tail(0.10, z), Tail(0.10, z) - Tail(0.02, z), Tail(0.02, z) },
        { 1 - Tail(0.9, z), Tail(0.9, z) - Tail(0.2, z), Tail(0.2, z) },
        { 0, 0, 1 },
    };

    private (int Code, string Out, string Error, string Dir) Ecl(string book, string name, params string[] extra)
    {
        string o = _dir.Combine(name);
        var (code, output, error) = CliRunner.Run(["provision", "ecl", "--book", book, "--matrix", _dir.File("m.csv", Matrix), "--out", o, .. extra]);
        return (code, output, error, o);
    }

    [Fact]
    public void Ecl_OneYearZForecastZeroReversionYears_LaterYearsUseTheTtcMatrix()
    {
        // A 3-year bullet loan, EAD 1, LGD 1, EIR 0: lifetime ECL = lifetime PD = C(3). Year 1 under P(Z), years 2 and 3 under the TTC
        // matrix P: C(3) = [row A of P(Z) P^2]_D (the held-Z value, row A of P(Z)^3, is larger for Z < 0).
        const double Z = -1.5;
        var book = _dir.File("book.csv", Columns + ",term\nL1,r,retail_other,1,0.01,1,0.05,0.02,A,0,bullet,45,3\n");
        var sc = _dir.File("sc.csv", "scenario,weight,z\ndown,1,-1.5\n");
        var (code, _, err, o) = Ecl(book, "o", "--scenarios", sc, "--rho", "0.1", "--reversion-years", "0");
        code.Should().Be(0, err);
        var p = Conditioned(Z);
        var expected = After(s_ttc, (p[0, 0], p[0, 1], p[0, 2]), 2).D;
        var loan = Loans(o)["L1"];
        Num(loan[9]).Should().BeApproximately(expected, ClosedFormTolerance);
        Num(loan[11]).Should().BeApproximately(expected, ClosedFormTolerance);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain("then reverting to the TTC model from the year after (0 reversion years)");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(o, "manifest.json")));
        doc.RootElement.GetProperty("parameters").GetProperty("reversion_years").GetString().Should().Be("0");
    }

    [Fact]
    public void Ecl_TwentyYearLoanUnderADownturn_LifetimeEclLiesBetweenTheTtcAndTheHeldZValues()
    {
        // EAD 1, LGD 1, EIR 0, bullet: lifetime ECL = C(20). TTC: row A of P^20; held Z (the earlier convention): row A of P(Z)^20;
        // with the default reversion (2 years) strictly between; 0 reversion years lower still, but above the TTC value (year 1 is a downturn).
        const double Z = -2;
        var book = _dir.File("book.csv", Columns + ",term\nL1,r,retail_other,1,0.01,1,0.05,0.02,A,0,bullet,45,20\n");
        var sc = _dir.File("sc.csv", "scenario,weight,z\ndown,1,-2\n");
        double ttc = After(s_ttc, (1, 0, 0), 20).D;
        double held = After(Conditioned(Z), (1, 0, 0), 20).D;
        var (code, _, err, o) = Ecl(book, "reverted", "--scenarios", sc, "--rho", "0.1");
        code.Should().Be(0, err);
        double reverted = Num(Loans(o)["L1"][11]);
        (code, _, err, o) = Ecl(book, "at-once", "--scenarios", sc, "--rho", "0.1", "--reversion-years", "0");
        code.Should().Be(0, err);
        double atOnce = Num(Loans(o)["L1"][11]);
        (code, _, err, o) = Ecl(book, "ttc");
        code.Should().Be(0, err);
        Num(Loans(o)["L1"][11]).Should().BeApproximately(ttc, ClosedFormTolerance);
        reverted.Should().BeLessThan(held).And.BeGreaterThan(atOnce);
        atOnce.Should().BeGreaterThan(ttc);
        held.Should().BeGreaterThan(ttc + 0.05, "the downturn held for 20 years adds far more than rounding");
    }

    [Fact]
    public void Ecl_EclLgdColumn_UsedWhereGivenElseTheBooksLgdWithTheFallbackCounted()
    {
        // One-year bullet loans (12-month ECL = LGD x EAD x 0.02 / 1.05): L1 at its ecl_lgd 0.25, L2 (empty ecl_lgd) at its lgd 0.4.
        var book = _dir.File("book.csv", Columns + ",term,ecl_lgd\nL1,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,0,1,0.25\nL2,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,0,1,\n");
        var (code, output, err, o) = Ecl(book, "o");
        code.Should().Be(0, err);
        var loans = Loans(o);
        Num(loans["L1"][12]).Should().BeApproximately(0.25 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
        Num(loans["L1"][6]).Should().Be(0.25);
        Num(loans["L2"][12]).Should().BeApproximately(0.4 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain("1 of 2 measured loans had no ecl_lgd and took the book's lgd");
        output.Should().Contain("ECL LGD from lgd (no ecl_lgd) for 1 loans");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(o, "manifest.json")));
        doc.RootElement.GetProperty("fallbacks").GetProperty("ecl_lgd_from_lgd").GetInt64().Should().Be(1);
    }

    [Fact]
    public void Ecl_EclLgdOutsideTheUnitInterval_Exit3NamingLineColumnAndValue()
    {
        var book = _dir.File("book.csv", Columns + ",term,ecl_lgd\nL1,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,0,1,1.2\n");
        var (code, _, err, _) = Ecl(book, "o");
        code.Should().Be(3);
        err.Should().Contain("book.csv:2").And.Contain("ecl_lgd = 1.2").And.Contain("[0, 1]");
    }

    [Fact]
    public void Ecl_TermColumn_SameLoansAsTheRemainingTermAlias()
    {
        const string Rows = "L1,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,annuity,45,4.5\nL2,r,retail_other,500,0.01,0.3,0.05,0.02,B,0.03,linear,0,2\n";
        var (code, _, err, term) = Ecl(_dir.File("term.csv", Columns + ",term\n" + Rows), "term");
        code.Should().Be(0, err);
        (code, _, err, var alias) = Ecl(_dir.File("alias.csv", Columns + ",remaining_term\n" + Rows), "alias");
        code.Should().Be(0, err);
        File.ReadAllBytes(Path.Combine(term, "loans.csv")).Should().Equal(File.ReadAllBytes(Path.Combine(alias, "loans.csv")));
        Num(Loans(term)["L1"][7]).Should().Be(4.5);
    }

    [Fact]
    public void Ecl_TermAndRemainingTermBoth_Exit3NamingBoth()
    {
        var book = _dir.File("book.csv", Columns + ",term,remaining_term\nL1,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,0,2,2\n");
        var (code, _, err, _) = Ecl(book, "o");
        code.Should().Be(3);
        err.Should().Contain("both term and remaining_term");
    }

    [Fact]
    public void Ecl_OnlyTheIrbMaturity_Exit3SayingItIsNotTheContractualTerm()
    {
        // The IRB effective maturity M (Basel II para 320, capped at 5 years) is shorter than the term of an amortising loan: using it
        // would cut lifetime ECL short (IFRS 9 5.5.19: the maximum contractual period), so it is not taken as a fallback.
        var book = _dir.File("book.csv", Columns + ",maturity\nL1,r,corporate,1000,0.01,0.4,0.05,0.02,A,0.05,annuity,0,2.5\n");
        var (code, _, err, _) = Ecl(book, "o");
        code.Should().Be(3);
        err.Should().Contain("IRB effective maturity").And.Contain("add a term column");
    }

    [Fact]
    public void Scenario_ProvisionMeasureWithTermAndEclLgd_BaselineIsProvisionEclAndTheFallbackAndReversionAreReported()
    {
        // The scenario run reads term and ecl_lgd as provision ecl does: its baseline provision loans.csv is provision ecl's, byte for byte.
        var book = _dir.File("book.csv", Columns + ",term,ecl_lgd\n" +
            "L1,r,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,annuity,45,4.5,0.25\n" +
            "L2,r,retail_other,500,0.01,0.3,0.05,0.02,B,0.03,linear,0,2,\n");
        var sc = _dir.File("s.yaml", """
            scenarios:
              - name: down
                migration: { z_shift: [-1.5] }
            """);
        var (code, output, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", sc, "--out", _dir.Combine("out"), "--measures", "raroc,provision",
            "--matrix", _dir.File("m.csv", Matrix), "--rho", "0.1", "--reversion-years", "1");
        code.Should().Be(0, error);
        output.Should().Contain("ECL LGD from lgd (no ecl_lgd) for 1 of 2 loans");
        var (pc, _, perr, ecl) = Ecl(book, "ecl");
        pc.Should().Be(0, perr);
        File.ReadAllBytes(_dir.Combine("out", "baseline", "provision", "loans.csv")).Should().Equal(File.ReadAllBytes(Path.Combine(ecl, "loans.csv")));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(_dir.Combine("out", "manifest.json")));
        var provision = doc.RootElement.GetProperty("parameters").GetProperty("provision");
        provision.GetProperty("ecl_lgd_from_lgd").GetInt32().Should().Be(1);
        provision.GetProperty("reversion_years").GetInt32().Should().Be(1);
    }
}
