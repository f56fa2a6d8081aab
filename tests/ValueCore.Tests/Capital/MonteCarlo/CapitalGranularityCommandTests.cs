using System.Globalization;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Cli;

namespace ValueCore.Tests.Capital.MonteCarlo;

public sealed class CapitalGranularityCommandTests : IDisposable
{
    private const int Obligors = 40;
    private const double Pd = 0.01;
    private const double Lgd = 0.45;
    private const double Ead = 1_000.0;
    private const double Tolerance = 1e-9; // relative: the closed form against a sum over 40 obligors
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-capital-ga-" + Guid.NewGuid().ToString("N"));

    public CapitalGranularityCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteBook()
    {
        // 40 equal corporate obligors (PD 1%, LGD 45%, M = 1 so MA = 1, EAD 1,000), one segment, two sectors of 20.
        var lines = new List<string> { "loan_id,customer_id,segment,sector,asset_class,ead,pd,lgd,maturity,rate,ftp_rate" };
        for (int i = 0; i < Obligors; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"L{i},C{i},corp,{(i % 2 == 0 ? "energy" : "retail_trade")},corporate,{Ead},{Pd},{Lgd},1,0.05,0.02"));
        }

        string path = Path.Combine(_dir, "book.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, new CliContext(o, e));
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Capital_Granularity_SummaryHasAsrfEcAdjustmentAndHerfindahl()
    {
        string book = WriteBook();
        string outDir = Path.Combine(_dir, "out");
        var (code, output, error) = Run("capital", "--book", book, "--out", outDir, "--mc-scenarios", "2000", "--granularity");
        code.Should().Be(0, error);
        output.Should().Contain("granularity adjustment");

        // Closed form for n equal obligors (GA with gamma = 0.25, see GranularityAdjustmentTests):
        // GA rate = [delta (C mu + mu^2 v) - K (C + 2 mu v)] / (2 n K), C = LGD + 0.25 (1 - LGD), v = 0.25 (1 - LGD) / LGD, mu = K + PD LGD.
        double rho = IrbFormula.Correlation(AssetClass.Corporate, Pd, IrbFormula.NoSales);
        double k = IrbFormula.CapitalRequirement(Pd, Lgd, rho, 1.0, 0.999);
        double delta = GranularityAdjustment.Delta(0.999, 0.25);
        double c = Lgd + (0.25 * (1 - Lgd)), v = 0.25 * (1 - Lgd) / Lgd, mu = k + (Pd * Lgd);
        double gaRate = ((delta * ((c * mu) + (mu * mu * v))) - (k * (c + (2 * mu * v)))) / (2 * Obligors * k);
        double total = Obligors * Ead;

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        root.GetProperty("asrf_ec").GetDouble().Should().BeApproximately(k * total, Tolerance * k * total);
        root.GetProperty("granularity_adjustment").GetDouble().Should().BeApproximately(gaRate * total, Tolerance * gaRate * total);
        root.GetProperty("asrf_ec_plus_ga").GetDouble().Should().BeApproximately((k + gaRate) * total, Tolerance * total);
        root.GetProperty("asrf_ec").GetDouble().Should().BeApproximately(root.GetProperty("standalone_irb_ec").GetDouble(), Tolerance * k * total); // the same capital, summed by obligor

        // Herfindahl: 40 equal obligors 1/40; one segment 1; two equal sectors 1/2.
        var h = root.GetProperty("herfindahl");
        h.GetProperty("obligor").GetDouble().Should().BeApproximately(1.0 / Obligors, 1e-15);
        h.GetProperty("segment").GetDouble().Should().Be(1.0);
        h.GetProperty("sector").GetDouble().Should().BeApproximately(0.5, 1e-15);

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json")));
        manifest.RootElement.GetProperty("granularity_adjustment").GetDouble().Should().Be(root.GetProperty("granularity_adjustment").GetDouble());
        manifest.RootElement.GetProperty("parameters").GetProperty("granularity").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Capital_WithoutGranularity_WritesNoAdjustment()
    {
        string outDir = Path.Combine(_dir, "plain");
        Run("capital", "--book", WriteBook(), "--out", outDir, "--mc-scenarios", "2000").Code.Should().Be(0);
        string summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        summary.Should().NotContain("granularity").And.NotContain("herfindahl");
    }
}
