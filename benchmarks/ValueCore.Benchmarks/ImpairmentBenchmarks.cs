using BenchmarkDotNet.Attributes;
using ValueCore.Impairment;
using ValueCore.Schedules;

namespace ValueCore.Benchmarks;

/// <summary>
/// DCF impairment of a book of individually impaired loans: 5 scenarios x 40 cash flows per loan (the scale is
/// 100,000 loans = 20 million cash flows), the allowance roll-forward over 5 annual dates, and EIR solving from
/// 40-payment contractual schedules. The book is generated, seeded, in the setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ImpairmentBenchmarks
{
    private const int Scenarios = 5;
    private const int FlowsPerScenario = 40;
    private ImpairmentBook _book = null!;
    private ImpairmentResult _result = null!;
    private double[] _times = null!;
    private double[][] _amounts = null!;

    /// <summary>Loans in the book (1,000,000 x 200 flows would need 2.4 GB of flow columns: left out).</summary>
    [Params(1_000, 100_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261128);
        int n = Loans, scenarios = n * Scenarios, flows = scenarios * FlowsPerScenario;
        var reporting = new DateOnly(2025, 12, 31).DayNumber;
        var loanId = new string[n];
        var carrying = new double[n];
        var eir = new double[n];
        var reportingDay = new int[n];
        var setStart = new int[n + 1];
        var setAsOf = new int[n];
        var setScenarioStart = new int[n + 1];
        var names = new string[scenarios];
        var probability = new double[scenarios];
        var flowStart = new int[scenarios + 1];
        var flowDay = new int[flows];
        var flowAmount = new double[flows];
        for (int i = 0; i < n; i++)
        {
            loanId[i] = "L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            carrying[i] = 10_000 + (rng.NextDouble() * 990_000);
            eir[i] = 0.01 + (rng.NextDouble() * 0.12);
            reportingDay[i] = reporting;
            setStart[i] = i;
            setAsOf[i] = reporting;
            setScenarioStart[i] = i * Scenarios;
            for (int s = 0; s < Scenarios; s++)
            {
                int sid = (i * Scenarios) + s;
                names[sid] = "s" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
                probability[sid] = 1.0 / Scenarios;
                flowStart[sid] = sid * FlowsPerScenario;
                int day = reporting;
                for (int f = 0; f < FlowsPerScenario; f++)
                {
                    day += 30 + rng.Next(60);
                    flowDay[(sid * FlowsPerScenario) + f] = day;
                    flowAmount[(sid * FlowsPerScenario) + f] = carrying[i] / FlowsPerScenario * (rng.NextDouble() * 1.2);
                }
            }
        }

        setStart[n] = n;
        setScenarioStart[n] = scenarios;
        flowStart[scenarios] = flows;
        var roll = Enumerable.Range(1, 5).Select(y => new DateOnly(2025 + y, 12, 31)).ToArray();
        _book = new ImpairmentBook(new ImpairmentOptions { RollForwardDates = roll }, loanId, carrying, eir, new bool[n], reportingDay, setStart, setAsOf,
            setScenarioStart, names, probability, flowStart, flowDay, flowAmount, [], 0, n, 0);
        _result = ImpairmentCalculation.Run(_book);

        // Contractual flows of 40-quarter annuities for the EIR benchmark (one schedule, loan-specific fees).
        var schedule = ContractualSchedule.Build(new LoanTerms
        {
            StartDate = new(2020, 1, 15), MaturityDate = new(2030, 1, 15), Principal = 100_000, AnnualRate = 0.05,
            Amortisation = Amortisation.Annuity, Frequency = PaymentFrequency.Quarterly,
        });
        _times = new double[schedule.Count + 1];
        for (int k = 0; k < schedule.Count; k++)
        {
            _times[k + 1] = DayCounts.YearFraction(DayCount.Act365Fixed, schedule.Terms.StartDate, schedule.Dates[k]);
        }

        _amounts = new double[Math.Min(n, 10_000)][];
        for (int i = 0; i < _amounts.Length; i++)
        {
            _amounts[i] = new double[schedule.Count + 1];
            _amounts[i][0] = -(100_000 - (rng.NextDouble() * 3_000));
            schedule.CopyPaymentsTo(_amounts[i].AsSpan(1));
        }
    }

    [Benchmark(Baseline = true)]
    public double ImpairmentOneThread() => ImpairmentCalculation.Run(_book, 1).TotalAllowance;

    [Benchmark]
    public double ImpairmentAllCores() => ImpairmentCalculation.Run(_book).TotalAllowance;

    [Benchmark]
    public double RollForward5DatesAllCores() => AllowanceRollForward.Run(_result).Closing[^1];

    /// <summary>EIR of min(Loans, 10,000) 40-payment schedules, one thread.</summary>
    [Benchmark]
    public double EirSolveOneThread()
    {
        double sum = 0.0;
        foreach (var a in _amounts)
        {
            EffectiveInterestRate.TrySolve(_times, a, out double eir, out _);
            sum += eir;
        }

        return sum;
    }
}

/// <summary>
/// Reading the impairment CSV inputs into a validated book (parallel chunked parsing) and writing the result files:
/// 5 scenarios x 40 flows per loan, the files generated, seeded, in the setup (10,000 loans = 2 million cash-flow rows).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImpairmentCsvBenchmarks
{
    private string _dir = null!;
    private string _loans = null!;
    private string _flows = null!;
    private ImpairmentResult _result = null!;

    /// <summary>Loans in the files (100,000: see the end-to-end figures in results-impairment.md).</summary>
    [Params(10_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var rng = new Random(20261128);
        _dir = Directory.CreateTempSubdirectory("vc-bench-impair-").FullName;
        _loans = Path.Combine(_dir, "impaired.csv");
        _flows = Path.Combine(_dir, "cashflows.csv");
        using (var loans = new StreamWriter(_loans))
        using (var flows = new StreamWriter(_flows, false, System.Text.Encoding.UTF8, 1 << 20))
        {
            loans.Write("loan_id,carrying_amount,reporting_date,eir\n");
            flows.Write("loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell\n");
            var reporting = new DateOnly(2025, 12, 31);
            for (int i = 0; i < Loans; i++)
            {
                loans.Write(string.Create(ci, $"L{i:D7},{rng.Next(10_000, 5_000_000)}.{rng.Next(100):D2},2025-12-31,{0.01 + (rng.NextDouble() * 0.12):F6}\n"));
                for (int s = 0; s < 5; s++)
                {
                    var d = reporting;
                    for (int k = 0; k < 40; k++)
                    {
                        d = d.AddDays(30 + rng.Next(90));
                        string kind = k == 0 ? $"-{rng.Next(100, 20_000)}.{rng.Next(100):D2},cost,," : k == 39
                            ? $"{rng.Next(1_000, 900_000)}.{rng.Next(100):D2},collateral,{rng.NextDouble() * 0.6:F4},{rng.Next(5_000)}"
                            : $"{rng.Next(100, 90_000)}.{rng.Next(100):D2},repayment,,";
                        flows.Write(string.Create(ci, $"L{i:D7},s{s},0.2,{d:yyyy-MM-dd},{kind}\n"));
                    }
                }
            }
        }

        _result = ImpairmentCalculation.Run(ValueCore.IO.Impairment.ImpairmentCsv.ReadBook(_loans, _flows));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Baseline = true)]
    public int ReadBookOneThread() => ValueCore.IO.Impairment.ImpairmentCsv.Read(_loans, _flows, null, 1).Book.Count;

    [Benchmark]
    public int ReadBookAllCores() => ValueCore.IO.Impairment.ImpairmentCsv.Read(_loans, _flows, null, -1).Book.Count;

    [Benchmark]
    public void WriteImpairmentAndScenariosAllCores()
    {
        ValueCore.IO.Impairment.ImpairmentCsvWriter.WriteImpairment(Stream.Null, _result);
        ValueCore.IO.Impairment.ImpairmentCsvWriter.WriteScenarios(Stream.Null, _result);
    }
}
