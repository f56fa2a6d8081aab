using System.Globalization;
using System.Text.Json;
using ValueCore.Cli;

namespace ValueCore.Tests.Capital.MonteCarlo;

/// <summary><c>valuecore capital</c> at confidence levels where the VaR sits on an atom or EC &lt;= 0 (issue 15 item 3).</summary>
public sealed class CapitalCommandAtomTests : IDisposable
{
    private const double SumTolerance = 1e-9; // relative: contributions as written (shortest round-trip text) add to ES
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-capital-atom-" + Guid.NewGuid().ToString("N"));

    public CapitalCommandAtomTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, new CliContext(o, e));
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("0.51", false)]
    [InlineData("0.9", false)]
    [InlineData("0.97", false)]
    [InlineData("0.97", true)]
    [InlineData("0.98", false)]
    [InlineData("0.99", true)]
    [InlineData("0.999", false)]
    public void Capital_OneObligorAnyConfidence_WritesValidJsonWithoutNaN(string confidence, bool importanceSampling)
    {
        // The one-obligor book (PD 2%, LGD 1, EAD 100): for q <= 0.98 the VaR is 0 and EC = VaR - EL < 0, so the
        // diversified RAROC is not defined; it must be JSON null, never NaN, Infinity or an empty value.
        string book = Path.Combine(_dir, "book.csv");
        File.WriteAllText(book, "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\nL1,,s,corporate,100,0.02,1,1,0.05,0.02,0,0\n");
        string outDir = Path.Combine(_dir, "out");
        var args = new List<string> { "capital", "--book", book, "--out", outDir, "--mc-scenarios", "10000", "--confidence", confidence, "--threads", "1" };
        if (importanceSampling)
        {
            args.Add("--importance-sampling");
        }

        var (code, _, error) = Run([.. args]);
        code.Should().Be(0, error);
        string text = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        text.Should().NotContain("NaN").And.NotContain("Infinity");
        using var summary = JsonDocument.Parse(text);
        var root = summary.RootElement;
        double q = double.Parse(confidence, CultureInfo.InvariantCulture);
        double es = root.GetProperty("es").GetDouble();
        double var = root.GetProperty("var").GetDouble();
        es.Should().BeGreaterThanOrEqualTo(var);
        if (q <= 0.98)
        {
            var.Should().Be(0.0);
            root.GetProperty("ec").GetDouble().Should().BeLessThan(0.0);
            root.GetProperty("diversified_raroc").ValueKind.Should().Be(JsonValueKind.Null);
        }

        // ES contributions as written add up to ES (one loan: equal to it).
        var rows = File.ReadAllLines(Path.Combine(outDir, "contributions.csv"));
        double sum = rows.Skip(1).Sum(r => double.Parse(r.Split(',')[6], CultureInfo.InvariantCulture));
        sum.Should().BeApproximately(es, SumTolerance * Math.Max(es, 1.0));
    }

    [Fact]
    public void Capital_OneObligorAtQ097_EsIsDefaultShareOverTail()
    {
        // ES_0.97 with VaR = 0 on a sample with D defaults: Acerbi-Tasche eq. (3.3) gives (1/0.03) [100 D/S + 0 x (1 - D/S - 0.97)]
        // = 100 D / 300 (S = 10,000); D is read back from the simulated mean el_simulated = 100 D / S.
        string book = Path.Combine(_dir, "book.csv");
        File.WriteAllText(book, "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\nL1,,s,corporate,100,0.02,1,1,0.05,0.02,0,0\n");
        string outDir = Path.Combine(_dir, "out");
        Run("capital", "--book", book, "--out", outDir, "--mc-scenarios", "10000", "--confidence", "0.97").Code.Should().Be(0);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        double simulatedMean = root.GetProperty("el_simulated").GetDouble();
        double defaults = simulatedMean * 10_000 / 100.0;
        defaults.Should().BeApproximately(Math.Round(defaults), 1e-9, "the simulated mean is 100 D / S");
        root.GetProperty("es").GetDouble().Should().BeApproximately(100.0 * Math.Round(defaults) / 300.0, 1e-9);
    }
}
