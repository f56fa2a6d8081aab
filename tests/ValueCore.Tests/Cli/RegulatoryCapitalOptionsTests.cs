using ValueCore.Batch;
using ValueCore.Capital;
using ValueCore.Cli;

namespace ValueCore.Tests.Cli;

public sealed class RegulatoryCapitalOptionsTests : IDisposable
{
    private const double Tolerance = 1e-9; // hand arithmetic on round numbers
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-floor-" + Guid.NewGuid().ToString("N"));

    public RegulatoryCapitalOptionsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private int Run(params string[] extra)
    {
        string book = Path.Combine(_dir, "book.csv");
        File.WriteAllText(book, "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate\nL1,corp,corporate,1000,0.01,0.45,2.5,0.05,0.02\n");
        var e = new StringWriter();
        return CommandLine.Run(["raroc", "--book", book, "--out", Path.Combine(_dir, "out"), .. extra], new CliContext(new StringWriter(), e));
    }

    [Theory]
    [InlineData("--regime", "basel3", "--output-floor", "0.725", "--floor-year", "2026")] // floor and year exclude each other
    [InlineData("--output-floor", "0.725")]                                              // Basel III rule without --regime basel3
    [InlineData("--capital-basis", "binding")]                                           // idem
    [InlineData("--regime", "basel3", "--floor-year", "2022")]                           // before the phase-in
    [InlineData("--regime", "basel3", "--output-floor", "1.5")]                          // outside [0, 1]
    [InlineData("--capital-ratio", "0.1")]                                               // a ratio without a regulatory basis
    [InlineData("--capital-basis", "risk")]                                              // not a basis
    public void Raroc_BadFloorOrBasisOptions_ExitsWithUsage(params string[] options)
    {
        Run(options).Should().Be(ExitCodes.Usage);
    }

    [Fact]
    public void Raroc_EconomicBasis_Runs()
    {
        Run("--capital-basis", "economic").Should().Be(ExitCodes.Success);
    }

    [Fact]
    public void Compute_FloorAndBindingBasis_GivesTheHandWorkedGroupCapital()
    {
        // Loans (IRB, SA, group): (300, 600, 0), (100, 400, 1). Floor 0.725: add-on 325, allocated 195 and 130 (pro rata SA);
        // floored RWA 495 and 230. Capital ratio 0.10: RC 49.5 and 23. EC 40 and 30: binding capital 49.5 and 30.
        var (floor, capital) = RarocRegulatoryCapital.Compute(null, new CapitalBasisOptions { Basis = CapitalBasis.Binding, CapitalRatio = 0.10 },
            [300.0, 100.0], [600.0, 400.0], [0, 1], [100.0, 50.0], [10.0, 5.0], [5.0, 2.0], [40.0, 30.0]);
        floor.RwaFloored.Should().BeApproximately(725, Tolerance);
        capital.Capital[0].Should().BeApproximately(49.5, Tolerance);
        capital.Capital[1].Should().BeApproximately(30, Tolerance);
    }
}
