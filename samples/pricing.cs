#:project ../src/ValueCore/ValueCore.csproj

// Prices a few deals: matched-maturity FTP from a funding curve, then the minimum client rate that earns the hurdle.
// Run from the repository root: dotnet run samples/pricing.cs
using System.Globalization;
using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

var inv = CultureInfo.InvariantCulture;
var curve = FundingCurve.Create([0.25, 1, 2, 5, 10, 30], [0.021, 0.024, 0.026, 0.029, 0.033, 0.037]);
var liquidity = FundingCurve.Create([1, 5, 10, 30], [0.001, 0.003, 0.005, 0.007]);
var options = new ValuationOptions { HurdleBySegment = new Dictionary<string, double> { ["cards"] = 0.15 } };

// A 5-year bullet corporate loan, a 3-year linear SME loan, a card line (segment hurdle 15%).
var deals = new (string Name, PricingDeal Deal, Amortisation Profile, double Maturity)[]
{
    ("corporate 5y bullet", new PricingDeal { AssetClass = AssetClass.Corporate, Ead = 10_000_000, Pd = 0.004, Lgd = 0.45, MaturityYears = 5, FtpRate = 0, Fees = 15_000, Opex = 20_000 }, Amortisation.Bullet, 5),
    ("SME 3y linear", new PricingDeal { AssetClass = AssetClass.Sme, Ead = 800_000, Pd = 0.02, Lgd = 0.4, MaturityYears = 3, SalesEurMillions = 12, FtpRate = 0, Opex = 4_000 }, Amortisation.Linear, 3),
    ("card line", new PricingDeal { AssetClass = AssetClass.RetailRevolving, Ead = 5_000, Pd = 0.03, Lgd = 0.8, FtpRate = 0, Opex = 60, Segment = "cards" }, Amortisation.Bullet, 1),
};

Console.WriteLine(string.Create(inv, $"{"deal",-22}{"FTP",9}{"EL",9}{"opex",9}{"fees",9}{"capital",9}{"tax",9}{"min rate",10}"));
foreach (var (name, deal, profile, maturity) in deals)
{
    double ftp = TransferPricing.Rate(curve, liquidity, profile, maturity, double.NaN, 12, 0.0).Total;
    var p = RiskBasedPricing.Price(deal with { FtpRate = ftp }, options);
    Console.WriteLine(string.Create(inv, $"{name,-22}{p.Funding,9:P2}{p.ExpectedLoss,9:P2}{p.OperatingCost,9:P2}{p.Fees,9:P2}{p.CapitalCharge,9:P2}{p.Tax,9:P2}{p.MinimumRate,10:P3}"));
}

// A 25-year annuity mortgage: its matched-maturity FTP depends on the client rate (the repayment profile does), so the
// minimum rate is found by bisection.
var mortgage = new PricingDeal { AssetClass = AssetClass.RetailMortgage, Ead = 300_000, Pd = 0.006, Lgd = 0.15, FtpRate = 0, Opex = 450 };
if (RiskBasedPricing.TryPrice(mortgage, r => TransferPricing.Rate(curve, liquidity, Amortisation.Annuity, 25, double.NaN, 12, r).Total, options, null, out var m, out var reason))
{
    Console.WriteLine(string.Create(inv, $"{"mortgage 25y annuity",-22}{m.Funding,9:P2}{m.ExpectedLoss,9:P2}{m.OperatingCost,9:P2}{m.Fees,9:P2}{m.CapitalCharge,9:P2}{m.Tax,9:P2}{m.MinimumRate,10:P3}"));
}
else
{
    Console.WriteLine("mortgage: " + reason);
}
