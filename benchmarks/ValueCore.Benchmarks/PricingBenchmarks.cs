using BenchmarkDotNet.Attributes;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Benchmarks;

/// <summary>
/// Matched-maturity FTP (span kernel vs scalar loop; bullet and monthly amortising profiles) and risk-based pricing of a
/// whole book (<see cref="RiskBasedPricing.PriceBook"/> vs a scalar loop over <see cref="RiskBasedPricing.TryPrice(PricingDeal, ValuationOptions?, double?, out PriceBreakdown, out string?)"/>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PricingBenchmarks
{
    private FundingCurve _curve = null!;
    private FundingCurve _liquidity = null!;
    private Amortisation[] _bullet = [];
    private Amortisation[] _amortising = [];
    private double[] _maturity = [];
    private double[] _repricing = [];
    private double[] _rate = [];
    private double[] _destination = [];
    private LoanBook _book = null!;
    private PricingDeal[] _deals = [];

    [Params(1_000, 100_000, 1_000_000)]
    public int Loans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _curve = FundingCurve.Create([0.0833, 0.25, 0.5, 1, 2, 3, 5, 7, 10, 15, 20, 30], [0.02, 0.021, 0.022, 0.024, 0.026, 0.027, 0.029, 0.031, 0.033, 0.035, 0.036, 0.037]);
        _liquidity = FundingCurve.Create([1, 5, 10, 30], [0.001, 0.003, 0.005, 0.007]);
        int n = Loans;
        _bullet = new Amortisation[n];
        _amortising = new Amortisation[n];
        _maturity = new double[n];
        _repricing = new double[n];
        _rate = new double[n];
        _destination = new double[n];
        var classes = Enum.GetValues<AssetClass>();
        var builder = new LoanBookBuilder();
        _deals = new PricingDeal[n];
        for (int i = 0; i < n; i++)
        {
            _amortising[i] = i % 2 == 0 ? Amortisation.Linear : Amortisation.Annuity;
            _maturity[i] = 0.5 + (random.NextDouble() * 19.5); // 0.5 to 20 years: 6 to 240 monthly payments
            _repricing[i] = double.NaN;
            _rate[i] = 0.02 + (random.NextDouble() * 0.08);
            var loan = new Loan
            {
                LoanId = "L" + i, Segment = "s", AssetClass = classes[i % classes.Length], Ead = 1e4 + (random.NextDouble() * 1e6),
                Pd = 0.0005 + (random.NextDouble() * 0.1), Lgd = 0.1 + (random.NextDouble() * 0.6), Rate = _rate[i], FtpRate = 0.03,
                MaturityYears = Math.Min(5, _maturity[i]), Opex = 1000,
            };
            builder.Add(loan);
            _deals[i] = new PricingDeal
            {
                AssetClass = loan.AssetClass, Ead = loan.Ead, Pd = loan.Pd, Lgd = loan.Lgd, FtpRate = 0.03, MaturityYears = Math.Min(5, _maturity[i]), Opex = loan.Opex,
            };
        }

        _book = builder.Build();
    }

    [Benchmark(Baseline = true)]
    public double FtpBulletScalarLoop()
    {
        double s = 0;
        for (int i = 0; i < _maturity.Length; i++)
        {
            s += TransferPricing.Rate(_curve, _liquidity, Amortisation.Bullet, _maturity[i], double.NaN, 12, _rate[i]).Total;
        }

        return s;
    }

    [Benchmark]
    public double FtpBulletSpan()
    {
        TransferPricing.Rate(_curve, _liquidity, _bullet, _maturity, _repricing, _rate, 12, _destination);
        return _destination[^1];
    }

    [Benchmark]
    public double FtpAmortisingMonthlySpan()
    {
        TransferPricing.Rate(_curve, _liquidity, _amortising, _maturity, _repricing, _rate, 12, _destination);
        return _destination[^1];
    }

    [Benchmark]
    public double PriceScalarLoop()
    {
        double s = 0;
        foreach (var deal in _deals)
        {
            RiskBasedPricing.TryPrice(deal, null, null, out var price, out _);
            s += price.MinimumRate;
        }

        return s;
    }

    [Benchmark]
    public double PriceBook() => RiskBasedPricing.PriceBook(_book, null, null, [])[^1].MinimumRate;
}
