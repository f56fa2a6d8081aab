using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Tests.Provisions;

public sealed class PDCurveSetTests
{
    private const double Exact = 1e-12;
    private const double ExpmTolerance = 1e-12;

    private static readonly StateSpace ThreeStates = StateSpace.Create(["A", "B", "D"]);

    [Fact]
    public void Create_TwoStateGenerator_MonthlyCurveIsExponential()
    {
        // Constant default intensity 0.1: C(t) = 1 - exp(-0.1 t) (closed form).
        var g = Generator.Create(StateSpace.Create(["P", "D"]), new[,] { { -0.1, 0.1 }, { 0, 0 } });
        var curves = PDCurveSet.Create(g, 12, 3);
        curves.Periods.Should().Be(36);
        for (int k = 0; k <= 36; k++)
        {
            curves.Curve(0)[k].Should().BeApproximately(1 - Math.Exp(-0.1 * k / 12.0), ExpmTolerance);
        }

        curves.Curve(1)[0].Should().Be(1);
    }

    [Fact]
    public void Create_YearModels_ChainsTheYearlyMatricesByHand()
    {
        var m1 = TransitionMatrix.Create(ThreeStates, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });
        var m2 = TransitionMatrix.Create(ThreeStates, new[,] { { 0.8, 0.1, 0.1 }, { 0.05, 0.65, 0.3 }, { 0, 0, 1 } });
        var curves = PDCurveSet.Create([m1, m2], 1, 3);
        // Year 2 from A: 0.02 + 0.9 x 0.1 + 0.08 x 0.3 = 0.134 (by hand); year 3 keeps m2.
        curves.Curve(0)[1].Should().BeApproximately(0.02, Exact);
        curves.Curve(0)[2].Should().BeApproximately(0.134, Exact);
        curves.Curve(0)[3].Should().BeApproximately(m1.Then(m2).Then(m2).DefaultProbability(0), Exact);
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        var m = TransitionMatrix.Identity(ThreeStates);
        FluentActions.Invoking(() => PDCurveSet.Create(m, 2, 3)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => PDCurveSet.Create(m, 1, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => PDCurveSet.Create(Array.Empty<ITransitionModel>(), 1, 3)).Should().Throw<ArgumentException>();
        var other = TransitionMatrix.Identity(StateSpace.Create(["X", "Y"]));
        FluentActions.Invoking(() => PDCurveSet.Create([m, other], 1, 3)).Should().Throw<ArgumentException>();
    }
}
