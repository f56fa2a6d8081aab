using ValueCore.Migration;
using ValueCore.Numerics;

namespace ValueCore.Tests.Migration;

public class ProjectionTests
{
    private static readonly StateSpace TwoState = StateSpace.Create(["performing", "default"]);

    private static TransitionMatrix Ttc() => TransitionMatrix.Create(StateSpace.Create(["A", "B", "C", "D"]), new double[,]
    {
        { 0.90, 0.07, 0.02, 0.01 },
        { 0.05, 0.85, 0.07, 0.03 },
        { 0.01, 0.09, 0.80, 0.10 },
        { 0, 0, 0, 1 },
    });

    [Fact]
    public void TermStructure_TwoStateChain_MatchesGeometricClosedForm()
    {
        // Cumulative 1 - (1 - p)^t, marginal p (1 - p)^(t - 1); the absorbing state: cumulative 1, marginal 0.
        const double p = 0.02;
        var ts = PDTermStructure.Compute(TransitionMatrix.Create(TwoState, new double[,] { { 1 - p, p }, { 0, 1 } }), 10);
        for (int t = 1; t <= 10; t++)
        {
            ts.Cumulative(0, t).Should().BeApproximately(1 - Math.Pow(1 - p, t), 1e-14);
            ts.Marginal(0, t).Should().BeApproximately(p * Math.Pow(1 - p, t - 1), 1e-14);
            ts.Cumulative(1, t).Should().Be(1);
            ts.Marginal(1, t).Should().Be(0);
        }
    }

    [Fact]
    public void ZShift_ZeroCorrelation_ReturnsTtcMatrix()
    {
        // Limit case: rho = 0 makes N(G(C)) = C: the conditional matrix is the TTC matrix for any Z.
        var ttc = Ttc();
        ZShift.Condition(ttc, 0, -2.5).MaxAbsDifference(ttc).Should().BeLessThan(1e-15);
    }

    [Fact]
    public void ZShift_TwoStateChain_IsVasicekConditionalPD()
    {
        // Closed form: PD(Z) = N((G(pd) - sqrt(rho) Z) / sqrt(1 - rho)) (Vasicek 2002).
        const double pd = 0.02;
        const double rho = 0.12;
        const double z = -1.7;
        var c = ZShift.Condition(TransitionMatrix.Create(TwoState, new double[,] { { 1 - pd, pd }, { 0, 1 } }), rho, z);
        double expected = NormalDistribution.Cdf((NormalDistribution.InverseCdf(pd) - (Math.Sqrt(rho) * z)) / Math.Sqrt(1 - rho));
        c[0, 1].Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void ZShift_NegativeZ_IsDownturn()
    {
        var ttc = Ttc();
        var down = ZShift.Condition(ttc, 0.1, -1);
        var up = ZShift.Condition(ttc, 0.1, 1);
        for (int i = 0; i < 3; i++)
        {
            down.DefaultProbability(i).Should().BeGreaterThan(ttc.DefaultProbability(i));
            up.DefaultProbability(i).Should().BeLessThan(ttc.DefaultProbability(i));
        }
    }

    [Fact]
    public void FitZ_DefaultRateOfKnownZ_RecoversZ()
    {
        var ttc = Ttc();
        double[] w = [0.5, 0.3, 0.2, 0];
        var c = ZShift.Condition(ttc, 0.15, -1.3);
        double dr = (0.5 * c.DefaultProbability(0)) + (0.3 * c.DefaultProbability(1)) + (0.2 * c.DefaultProbability(2));
        ZShift.FitZ(ttc, 0.15, dr, w).Should().BeApproximately(-1.3, 1e-9);
    }

    [Fact]
    public void FitZ_UnreachableRate_Throws()
    {
        var act = () => ZShift.FitZ(Ttc(), 0.15, 0.999999, [1, 0, 0, 0]);
        act.Should().Throw<InvalidOperationException>();
    }
}
