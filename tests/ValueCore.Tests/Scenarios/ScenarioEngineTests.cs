using System.Globalization;
using System.Text;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Scenarios;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Scenarios;

/// <summary>Issue 16 item 6: scenarios over a book in memory (<see cref="ScenarioAnalysis.Run"/> over a built
/// <see cref="LoanBook"/> and a <see cref="ScenarioSet"/> made in code) give exactly what <c>valuecore scenario</c> writes
/// for the same book and the same scenarios read from files.</summary>
public class ScenarioEngineTests
{
    private const string Yaml = """
        scenarios:
          - name: adverse
            shocks:
              - where: { segment: [corp] }
                pd: { multiply: 1.5 }
              - lgd: { add: 0.10 }
              - rate: { shift_bp: 200 }
          - name: recession
            shocks:
              - pd: { z: -1.5 }
        """;

    private static ScenarioSet Set() => new(
    [
        Scenario.Named("adverse").Where("segment", "corp").Pd.Multiply(1.5).Lgd.Add(0.10).Rate.ShiftBp(200).Build(),
        Scenario.Named("recession").Pd.ConditionOnZ(-1.5).Build(),
    ]);

    private static Loan[] Loans() =>
    [
        new() { LoanId = "C1", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.01, Lgd = 0.45, Rate = 0.06, FtpRate = 0.03, MaturityYears = 2.5, Fees = 1_000, Opex = 2_000 },
        new() { LoanId = "S1", Segment = "corp", AssetClass = AssetClass.Sme, Ead = 400_000.5, Drawn = 300_000, Pd = 0.02, Lgd = 0.4, Rate = 0.07, FtpRate = 0.032, TermYears = 3.3, SalesEurMillions = 20 },
        new() { LoanId = "M1", Segment = "retail", AssetClass = AssetClass.RetailMortgage, Ead = 250_000, Pd = 0.005, Lgd = 0.2, Rate = 0.035, FtpRate = 0.025, Opex = 300 },
        new() { LoanId = "D1", Segment = "retail", AssetClass = AssetClass.RetailOther, Ead = 10_000, Pd = 1, Lgd = 0.7, Rate = 0.1, FtpRate = 0.02 },
    ];

    private static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Table(string path)
    {
        var lines = File.ReadAllLines(path);
        var head = lines[0].Split(',');
        return lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void Run_BookAndScenariosInMemory_SameFiguresAsTheScenarioCommandWrites()
    {
        var loans = Loans();
        var builder = new LoanBookBuilder();
        foreach (var l in loans)
        {
            builder.Add(l);
        }

        var analysis = ScenarioAnalysis.Run(builder.Build(), Set());

        using var tmp = new TempFolder();
        var csv = new StringBuilder("loan_id,segment,asset_class,ead,drawn,pd,lgd,rate,ftp_rate,maturity,term,sales,fees,opex\n");
        foreach (var l in loans)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{l.LoanId},{l.Segment},{LoanColumns.AssetClassLabels[(int)l.AssetClass]},{N(l.Ead)},{N(l.Drawn)},{N(l.Pd)},{N(l.Lgd)},{N(l.Rate)},{N(l.FtpRate)},")
               .Append(CultureInfo.InvariantCulture, $"{N(l.MaturityYears)},{N(l.TermYears)},{N(l.SalesEurMillions)},{N(l.Fees)},{N(l.Opex)}\n");
        }

        var book = tmp.File("book.csv", csv.ToString());
        var scenarios = tmp.File("scenarios.yaml", Yaml);
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", scenarios, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);

        foreach (var outcome in analysis.Scenarios.Prepend(analysis.Baseline))
        {
            var v = outcome.Valuation!;
            var rows = Table(tmp.Combine("out", outcome.Name, "loans.csv"));
            rows.Should().HaveCount(loans.Length);
            for (int i = 0; i < loans.Length; i++)
            {
                var r = rows[i];
                r["loan_id"].Should().Be(loans[i].LoanId);
                D(r["ead"]).Should().Be(v.Book.Ead[i]);
                D(r["pd"]).Should().Be(v.Pd[i], "{0} {1}", outcome.Name, loans[i].LoanId);
                D(r["k"]).Should().Be(v.K[i]);
                D(r["rwa"]).Should().Be(v.Rwa[i]);
                D(r["el"]).Should().Be(v.El[i]);
                D(r["ec"]).Should().Be(v.Ec[i]);
                D(r["revenue"]).Should().Be(v.Revenue[i]);
                D(r["return"]).Should().Be(v.Return[i]);
                D(r["raroc"]).Should().Be(v.Raroc[i]);
                D(r["eva"]).Should().Be(v.Eva[i]);
            }

            // Fallbacks reported per outcome: by construction drawn given on S1 only, M = term on S1, BEEL = LGD on D1.
            outcome.Fallbacks.Should().Be(new ValuationFallbacks(DrawnFromEad: 3, TermFromMaturity: 1, MaturityFromTerm: 1, DefaultedWithoutBeel: 1));
        }

        var comparison = analysis.Compare();
        var written = Table(tmp.Combine("out", "comparison.csv"));
        written.Should().HaveCount(comparison.Rows.Count);
        for (int k = 0; k < written.Count; k++)
        {
            var (w, c) = (written[k], comparison.Rows[k]);
            w["scenario"].Should().Be(c.Scenario);
            w["figure"].Should().Be(c.Figure);
            D(w["baseline"]).Should().Be(c.Baseline);
            D(w["value"]).Should().Be(c.Value);
            D(w["change"]).Should().Be(c.Change);
        }
    }
}
