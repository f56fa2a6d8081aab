using System.Globalization;
using System.Text;
using ValueCore.Internal;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Migration;

[Collection("MigrationParallelism")]
public class DeterminismTests
{
    private static byte[] Histories()
    {
        // 40,000 entities x 6 dates: several reader chunks and several estimator chunks.
        var rng = new Random(5);
        var sb = new StringBuilder("entity_id,date,state,balance\n");
        string[] labels = ["pass", "special_mention", "substandard", "doubtful", "loss"];
        for (int e = 0; e < 40000; e++)
        {
            int s = rng.Next(3);
            for (int t = 0; t < 6; t++)
            {
                if (t > 0 && s != 4)
                {
                    s = rng.Next(10) < 8 ? s : rng.Next(5);
                }

                sb.Append(CultureInfo.InvariantCulture, $"L{e},{2015 + t}-06-30,{labels[s]},{rng.Next(1, 1000) * 0.37}\n");
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public void Estimators_OneThreadVersusAll_AreBitIdentical()
    {
        var bytes = Histories();
        (double[,], double[,]) Run()
        {
            var h = RatingHistoryReader.Parse(bytes, "h.csv");
            var cohort = new CohortEstimator(new CohortOptions { Weighting = CohortWeighting.Balance }).Estimate(h).Matrix.ToArray();
            var duration = new DurationEstimator().Estimate(h).Generator!.ToArray();
            return (cohort, duration);
        }

        try
        {
            MigrationParallelism.MaxDegree = 1;
            var one = Run();
            MigrationParallelism.MaxDegree = -1;
            var all = Run();
            all.Item1.Should().BeEquivalentTo(one.Item1, o => o.WithStrictOrdering());
            for (int i = 0; i < 5; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    BitConverter.DoubleToInt64Bits(all.Item1[i, j]).Should().Be(BitConverter.DoubleToInt64Bits(one.Item1[i, j]));
                    BitConverter.DoubleToInt64Bits(all.Item2[i, j]).Should().Be(BitConverter.DoubleToInt64Bits(one.Item2[i, j]));
                }
            }
        }
        finally
        {
            MigrationParallelism.MaxDegree = -1;
        }
    }

    [Fact]
    public void PeriodBootstrap_OneThreadVersusAll_IsBitIdentical()
    {
        var h = RatingHistoryReader.Parse(Histories(), "h.csv");
        var estimator = new CohortEstimator(new CohortOptions { Weighting = CohortWeighting.Balance });
        try
        {
            MigrationParallelism.MaxDegree = 1;
            var one = MigrationBootstrap.Run(h, estimator, 50, 9, 3, 0.9, BootstrapKind.Period);
            MigrationParallelism.MaxDegree = -1;
            var all = MigrationBootstrap.Run(h, estimator, 50, 9, 3, 0.9, BootstrapKind.Period);
            for (int i = 0; i < 5; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    BitConverter.DoubleToInt64Bits(all.MatrixLower(i, j)).Should().Be(BitConverter.DoubleToInt64Bits(one.MatrixLower(i, j)));
                    BitConverter.DoubleToInt64Bits(all.MatrixUpper(i, j)).Should().Be(BitConverter.DoubleToInt64Bits(one.MatrixUpper(i, j)));
                }

                BitConverter.DoubleToInt64Bits(all.CumulativePDUpper(i, 3)).Should().Be(BitConverter.DoubleToInt64Bits(one.CumulativePDUpper(i, 3)));
            }
        }
        finally
        {
            MigrationParallelism.MaxDegree = -1;
        }
    }

    [Fact]
    public void Reader_GermanCulture_ParsesInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var h = RatingHistoryReader.Parse(Encoding.UTF8.GetBytes("entity_id,time,state,balance\nA,0.5,pass,1000.25\nA,1.5,loss,0\n"), "h.csv");
            h.ToYears(h.LastTime - h.FirstTime).Should().Be(1.0);
            new CohortEstimator(new CohortOptions { Weighting = CohortWeighting.Balance }).Estimate(h).RowTotals[0].Should().Be(1000.25);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
