using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using ValueCore.Cli;
using Xunit;

namespace ValueCore.Tests.Cli;

/// <summary>
/// Issue 20's Done-when run: <c>raroc --regime basel3 --output-floor 0.725 --capital-basis binding</c> on a book with the
/// Basel III columns. Every expected value is recomputed here from loans.csv, the by_ file and the book itself, with the
/// rules of RBC20.11 (floor), CRE35 (EL against provisions) and the capital-basis formulas of docs/methodology.md section 13.
/// </summary>
public sealed class RarocOutputFloorTests
{
    private const double Relative = 1e-12; // sums of a few positive terms in another order: a few ulps
    private const double CapitalRatio = 0.08, Hurdle = 0.12, Tax = 0.25, CapitalRate = 0.03; // the defaults of raroc

    private const string Book =
        "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,opex,beel,approach,rating,ltv,provision,large_fi\n" +
        "L1,c1,corp_a,corporate,1000000,0.002,0.45,2.5,0.05,0.03,2000,,,,,1000,\n" +
        "L2,c2,corp_a,corporate,2000000,0.001,0.40,1,0.055,0.03,3000,,,,,0,\n" +
        "L3,c3,corp_a,corporate,500000,1,0.45,2,0.05,0.03,500,0.40,,,,150000,\n" +           // defaulted: EL = BEEL x EAD
        "L4,c4,retail,retail_mortgage,300000,0.003,0.15,,0.03,0.02,300,,,,0.6,100,\n" +
        "L5,c5,retail,retail_other,20000,0.02,0.60,,0.09,0.03,100,,,,,50,\n" +
        "L6,c6,corp_b,corporate,800000,0.01,0.45,2,0.06,0.03,1000,,sa,,,2000,\n" +            // on SA: outside the EL comparison
        "L7,c7,corp_b,bank,1500000,0.0008,0.45,1,0.04,0.03,800,,,A,,0,true\n";

    [Fact]
    public void Raroc_Basel3FloorBindingBasis_FilesAgreeWithTheRulesRecomputedFromLoans()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", Book);
        string outDir = tmp.Combine("out");
        var console = new StringWriter();
        int code = CommandLine.Run(["raroc", "--book", book, "--out", outDir, "--regime", "basel3", "--output-floor", "0.725", "--capital-basis", "binding"],
            new CliContext(console, new StringWriter()));
        code.Should().Be(ExitCodes.Success);

        // Per loan from loans.csv and the book: IRB and SA RWA by segment; EL on lgd_used minus provisions of the IRB loans.
        var loans = Table(Path.Combine(outDir, "loans.csv"));
        var input = Table(book);
        var irbBySegment = new Dictionary<string, double>();
        var saBySegment = new Dictionary<string, double>();
        var elMinusProvisionsBySegment = new Dictionary<string, double>();
        for (int i = 0; i < loans.Rows.Count; i++)
        {
            var l = loans.Rows[i];
            var b = input.Rows[i];
            string segment = l[loans.Col("segment")];
            irbBySegment[segment] = irbBySegment.GetValueOrDefault(segment) + D(l[loans.Col("rwa")]);
            saBySegment[segment] = saBySegment.GetValueOrDefault(segment) + D(l[loans.Col("rwa_sa")]);
            string lgdUsed = l[loans.Col("lgd_used")];
            if (lgdUsed.Length == 0)
            {
                continue; // standardised approach
            }

            double ead = D(b[input.Col("ead")]);
            double el = D(b[input.Col("pd")]) >= 1.0 ? D(b[input.Col("beel")]) * ead : D(l[loans.Col("pd")]) * D(lgdUsed) * ead;
            elMinusProvisionsBySegment[segment] = elMinusProvisionsBySegment.GetValueOrDefault(segment) + el - D(b[input.Col("provision")]);
        }

        double rwaIrb = irbBySegment.Values.Sum(), rwaSa = saBySegment.Values.Sum();
        double rwaFloored = Math.Max(rwaIrb, 0.725 * rwaSa); // RBC20.11
        double addOn = rwaFloored - rwaIrb;
        addOn.Should().BePositive("the book is built so that the floor binds: unrated corporates weigh 100% on SA");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        var root = manifest.RootElement;
        root.GetProperty("output_floor").GetDouble().Should().Be(0.725);
        root.GetProperty("rwa_irb").GetDouble().Should().BeApproximately(rwaIrb, rwaIrb * Relative);
        root.GetProperty("rwa_sa").GetDouble().Should().BeApproximately(rwaSa, rwaSa * Relative);
        root.GetProperty("rwa_floored").GetDouble().Should().BeApproximately(rwaFloored, rwaFloored * Relative);
        double elMinusProvisions = elMinusProvisionsBySegment.Values.Sum();
        root.GetProperty("el_minus_provisions").GetDouble().Should().BeApproximately(elMinusProvisions, 1e-6);

        // By group: the add-ons sum to the bank's, pro rata to SA RWA; binding capital = max(EC, ratio x floored RWA share).
        var groups = Table(Path.Combine(outDir, "by_segment.csv"));
        groups.Rows.Select(r => D(r[groups.Col("floor_add_on")])).Sum().Should().BeApproximately(addOn, addOn * Relative);
        foreach (var g in groups.Rows)
        {
            string segment = g[groups.Col("segment")];
            double groupAddOn = D(g[groups.Col("floor_add_on")]);
            groupAddOn.Should().BeApproximately(addOn * saBySegment[segment] / rwaSa, addOn * 1e-9, segment);
            D(g[groups.Col("rwa_sa")]).Should().BeApproximately(saBySegment[segment], saBySegment[segment] * Relative, segment);
            double floored = D(g[groups.Col("rwa")]) + groupAddOn;
            D(g[groups.Col("rwa_floored")]).Should().BeApproximately(floored, floored * Relative, segment);
            double ec = D(g[groups.Col("ec")]);
            double capital = Math.Max(ec, CapitalRatio * floored);
            D(g[groups.Col("capital_used")]).Should().BeApproximately(capital, capital * Relative, segment);

            // RAROC/EVA on that capital (methodology section 13): opex summed from the book.
            double opex = input.Rows.Where(b => b[input.Col("segment")] == segment).Sum(b => D(b[input.Col("opex")]));
            double ret = (D(g[groups.Col("revenue")]) - opex - D(g[groups.Col("el")]) + (CapitalRate * capital)) * (1 - Tax);
            D(g[groups.Col("return_basis")]).Should().BeApproximately(ret, Math.Abs(ret) * 1e-9, segment);
            D(g[groups.Col("raroc_basis")]).Should().BeApproximately(ret / capital, 1e-12, segment);
            D(g[groups.Col("eva_basis")]).Should().BeApproximately(ret - (Hurdle * capital), Math.Abs(ret) * 1e-9, segment);
            D(g[groups.Col("el_minus_provisions")]).Should().BeApproximately(elMinusProvisionsBySegment.GetValueOrDefault(segment), 1e-6, segment);
        }

        console.ToString().Should().Contain("output floor 0.725").And.Contain("EL - provisions");
    }

    [Fact]
    public void Raroc_Basel3ProvisionsAboveEl_Tier2CappedAtPointSixPercentOfIrbRwa()
    {
        // Provisions far above EL on a performing loan: the excess is EL - P < 0 in full, Tier 2 = min(excess, 0.006 x IRB RWA)
        // (CAP10.18); the SA loan's RWA is not IRB credit RWA and stays out of the cap's base.
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv",
            "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,approach,provision\n" +
            "A1,s,corporate,1000000,0.01,0.45,2.5,0.05,0.03,,100000\n" +
            "A2,s,corporate,1000000,0.01,0.45,2.5,0.05,0.03,sa,0\n");
        string outDir = tmp.Combine("out");
        CommandLine.Run(["raroc", "--book", book, "--out", outDir, "--regime", "basel3"], new CliContext(new StringWriter(), new StringWriter()))
            .Should().Be(ExitCodes.Success);
        var loans = Table(Path.Combine(outDir, "loans.csv"));
        var a1 = loans.Rows[0];
        double el = D(a1[loans.Col("pd")]) * D(a1[loans.Col("lgd_used")]) * 1000000;
        double excess = 100000 - el;
        double cap = 0.006 * D(a1[loans.Col("rwa")]);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        var root = manifest.RootElement;
        root.GetProperty("el_minus_provisions").GetDouble().Should().BeApproximately(-excess, 1e-6);
        root.GetProperty("el_shortfall_cet1").GetDouble().Should().Be(0);
        root.GetProperty("tier2_excess").GetDouble().Should().BeApproximately(Math.Min(excess, cap), 1e-6);
        cap.Should().BeLessThan(excess, "the cap binds in this book");
        root.TryGetProperty("output_floor", out _).Should().BeFalse("no floor was asked");
    }

    [Fact]
    public void Raroc_CapitalBasisWithHurdleBySegment_ExitsWithUsage()
    {
        // One hurdle per run on the capital basis: a segment hurdle would silently not apply to the groups' basis EVA.
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", Book);
        string parameters = tmp.File("params.json", "{\"hurdle_by_segment\": {\"corp_a\": 0.15}}");
        CommandLine.Run(["raroc", "--book", book, "--out", tmp.Combine("out"), "--params", parameters, "--regime", "basel3", "--capital-basis", "binding"],
            new CliContext(new StringWriter(), new StringWriter())).Should().Be(ExitCodes.Usage);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static CsvTable Table(string path)
    {
        var lines = File.ReadAllLines(path);
        return new CsvTable(lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    private sealed record CsvTable(string[] Head, List<string[]> Rows)
    {
        public int Col(string name)
        {
            int i = Array.IndexOf(Head, name);
            i.Should().BeGreaterThanOrEqualTo(0, name);
            return i;
        }
    }
}
