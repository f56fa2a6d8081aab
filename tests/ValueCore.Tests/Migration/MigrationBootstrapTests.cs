using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class MigrationBootstrapTests
{
    [Fact]
    public void Run_SameSeed_IsBitIdenticalAndOrdered()
    {
        var h = MigrationTestData.FourEntities();
        var a = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 42, 3);
        var b = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 42, 3);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                a.MatrixLower(i, j).Should().Be(b.MatrixLower(i, j));
                a.MatrixUpper(i, j).Should().BeGreaterThanOrEqualTo(a.MatrixLower(i, j));
            }

            for (int t = 1; t <= 3; t++)
            {
                a.CumulativePDUpper(i, t).Should().Be(b.CumulativePDUpper(i, t));
            }
        }

        // The A -> D entry is 1/7 in the full sample; resampling four entities spreads it over [0, >1/7].
        a.MatrixLower(0, 2).Should().Be(0);
        a.MatrixUpper(0, 2).Should().BeGreaterThan(1.0 / 7);
    }

    [Fact]
    public void Percentile_Type7_InterpolatesOrderStatistics()
    {
        // R's quantile(1:5, 0.1, type = 7) = 1.4.
        MigrationBootstrap.Percentile([5, 1, 4, 2, 3], 0.1).Should().BeApproximately(1.4, 1e-15);
    }
}
