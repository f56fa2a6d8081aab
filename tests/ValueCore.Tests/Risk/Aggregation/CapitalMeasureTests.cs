using ValueCore.Risk.Aggregation;

namespace ValueCore.Tests.Risk.Aggregation;

public class CapitalMeasureTests
{
    // Standard normal quantiles as tabulated (e.g. Abramowitz and Stegun, Handbook of Mathematical Functions, Table 26.5),
    // written out here so that the expected factors do not use the library's inverse normal.
    private const double Z0975 = 1.959963984540054;
    private const double Z099 = 2.326347874040841;
    private const double Z0999 = 3.090232306167813;
    private const double Closed = 1e-12; // relative: a closed form evaluated in another order (the quantiles carry 16 digits)

    private static double Phi(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI);

    private static CapitalMeasure M(RiskMeasureKind kind, double q, double h) => new(kind, q, h);

    [Fact]
    public void NormalScaleFactor_VarToEsSameLevel_IsPhiOverTailTimesQuantile()
    {
        // ES_q / VaR_q = phi(G(q)) / ((1 - q) G(q)) for a normal loss with mean 0: 1.0896 at q = 0.999.
        double expected = Phi(Z0999) / (0.001 * Z0999);
        CapitalMeasure.NormalScaleFactor(M(RiskMeasureKind.ValueAtRisk, 0.999, 1), M(RiskMeasureKind.ExpectedShortfall, 0.999, 1))
            .Should().BeApproximately(expected, Closed * expected);
        expected.Should().BeApproximately(1.0896, 1e-4);
    }

    [Fact]
    public void NormalScaleFactor_Var99ToEs975_IsNearOne()
    {
        // The FRTB calibration: under a normal loss ES at 97.5% (2.3378 sigma) is close to VaR at 99% (2.3263 sigma).
        double expected = Phi(Z0975) / 0.025 / Z099;
        CapitalMeasure.NormalScaleFactor(M(RiskMeasureKind.ValueAtRisk, 0.99, 1), M(RiskMeasureKind.ExpectedShortfall, 0.975, 1))
            .Should().BeApproximately(expected, Closed * expected);
        expected.Should().BeApproximately(1.00492, 1e-5);
    }

    [Fact]
    public void NormalScaleFactor_TenDaysToOneYear_IsSquareRootOfTime()
    {
        // 10 of 250 trading days = 0.04 years: sqrt(1 / 0.04) = 5 exactly (Basel 1996 square-root-of-time rule).
        CapitalMeasure.NormalScaleFactor(M(RiskMeasureKind.ExpectedShortfall, 0.975, 0.04), M(RiskMeasureKind.ExpectedShortfall, 0.975, 1))
            .Should().BeApproximately(5.0, Closed * 5.0);
    }

    [Fact]
    public void NormalScaleFactor_MarketEsTenDaysToCreditVar_CombinesLevelAndHorizon()
    {
        // es:0.975:0.04 -> var:0.999:1 = G(0.999) / (phi(G(0.975)) / 0.025 x sqrt(0.04)) = 6.6093.
        double expected = Z0999 / (Phi(Z0975) / 0.025 * 0.2);
        double f = CapitalMeasure.NormalScaleFactor(M(RiskMeasureKind.ExpectedShortfall, 0.975, 0.04), M(RiskMeasureKind.ValueAtRisk, 0.999, 1));
        f.Should().BeApproximately(expected, Closed * expected);
        double back = CapitalMeasure.NormalScaleFactor(M(RiskMeasureKind.ValueAtRisk, 0.999, 1), M(RiskMeasureKind.ExpectedShortfall, 0.975, 0.04));
        (f * back).Should().BeApproximately(1.0, Closed, "restating there and back is the identity");
    }

    [Fact]
    public void NormalScaleFactor_SameMeasure_IsExactlyOne()
    {
        var m = M(RiskMeasureKind.ValueAtRisk, 0.999, 1);
        CapitalMeasure.NormalScaleFactor(m, m).Should().Be(1.0);
    }

    [Fact]
    public void NormalScaleFactor_DefaultMeasure_Throws()
    {
        var act = () => CapitalMeasure.NormalScaleFactor(default, M(RiskMeasureKind.ValueAtRisk, 0.999, 1));
        act.Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.99, 0.0)]
    [InlineData(0.99, double.PositiveInfinity)]
    public void Constructor_OutOfRange_Throws(double q, double h)
    {
        var act = () => new CapitalMeasure(RiskMeasureKind.ExpectedShortfall, q, h);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("es:0.999:1", true)]
    [InlineData("VaR:0.99:0.04", true)]
    [InlineData("cvar:0.99:1", false)]
    [InlineData("es:1:1", false)]
    [InlineData("es:0.999", false)]
    [InlineData("es:0.999:0", false)]
    [InlineData("es:NaN:1", false)]
    [InlineData("", false)]
    public void TryParse_Text_ParsesOnlyValidMeasures(string text, bool valid)
    {
        CapitalMeasure.TryParse(text, out var m).Should().Be(valid);
        if (valid)
        {
            CapitalMeasure.TryParse(m.ToString(), out var again).Should().BeTrue();
            again.Should().Be(m);
        }
    }

    [Fact]
    public void ToString_EsMeasure_IsKindConfidenceHorizon()
    {
        M(RiskMeasureKind.ExpectedShortfall, 0.999, 1).ToString().Should().Be("es:0.999:1");
        M(RiskMeasureKind.ValueAtRisk, 0.975, 0.04).ToString().Should().Be("var:0.975:0.04");
    }
}
