using BenchmarkDotNet.Attributes;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Benchmarks;

/// <summary>
/// Cohort and duration estimators on seeded synthetic annual histories (10 year-end snapshots per entity, 7 states,
/// the layout of /work/shared/yardsticks/gen_histories.py), and the CSV reader on the same data.
/// </summary>
[MemoryDiagnoser]
public class MigrationBenchmarks
{
    private static readonly string[] Labels = ["R1", "R2", "R3", "R4", "R5", "R6", "D"];
    private RatingHistory _history = null!;
    private byte[] _csv = [];

    /// <summary>Entities; observations are ten times as many.</summary>
    [Params(1_000, 100_000, 1_000_000)]
    public int Entities { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        int n = Entities * 10;
        var entity = new int[n];
        var time = new double[n];
        var state = new int[n];
        var sb = new System.Text.StringBuilder("entity_id,date,state\n");
        for (int e = 0; e < Entities; e++)
        {
            int s = rng.Next(6);
            for (int t = 0; t < 10; t++)
            {
                if (t > 0 && s != 6)
                {
                    double u = rng.NextDouble();
                    s = u < 0.88 ? s : u < 0.9 ? 6 : rng.Next(6);
                }

                int k = (e * 10) + t;
                entity[k] = e;
                var d = new DateOnly(2014 + t, 12, 31);
                time[k] = d.DayNumber;
                state[k] = s;
                if (Entities <= 100_000)
                {
                    sb.Append('E').Append(e).Append(',').Append(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(Labels[s]).Append('\n');
                }
            }
        }

        _history = RatingHistory.Create(StateSpace.Create(Labels), HistoryTimeUnit.Days, entity, time, state, [], []);
        _csv = System.Text.Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Benchmark(Baseline = true)]
    public TransitionMatrix Cohort() => new CohortEstimator().Estimate(_history).Matrix;

    [Benchmark]
    public Generator Duration() => new DurationEstimator().Estimate(_history).Generator!;

    [Benchmark]
    public int ReadCsv() => _csv.Length == 0 ? 0 :
        RatingHistoryReader.Parse(_csv, "bench.csv", new RatingHistoryReadOptions { States = Labels }).ObservationCount;
}
