#:project ../../src/ValueCore/ValueCore.csproj
// One standard for all risks: operational risk capital by the Basel III standardised approach, a historical market
// risk ES with Euler contributions, and inter-risk aggregation of credit, market and operational EC by unit.
// Run: dotnet run samples/risk/all-risks.cs
using ValueCore.Risk.Aggregation;
using ValueCore.Risk.Market;
using ValueCore.Risk.Operational;

string[] units = ["Retail", "Corporate", "Markets"];

// Operational risk: BI components per unit (EUR), no loss data -> ILM = 1 (OPE25).
BusinessIndicatorComponents[] bi = [new(0.9e9, 0.4e9, 0.05e9), new(1.2e9, 0.5e9, 0.15e9), new(0.3e9, 0.6e9, 0.9e9)];
var op = StandardisedApproach.Compute(units, bi, [], null);
Console.WriteLine($"Operational risk: BI {op.BusinessIndicator:N0}, bucket {op.Bucket}, BIC {op.BusinessIndicatorComponent:N0}, capital {op.Capital:N0}");

// Market risk: 500 daily P&L scenarios per unit with a common factor, ES 97.5% scaled to 10 days.
var rng = new Random(42);
int n = 500;
var pnl = new double[units.Length * n];
for (int s = 0; s < n; s++)
{
    double z = Normal(rng);
    for (int u = 0; u < units.Length; u++)
    {
        pnl[(u * n) + s] = 1e6 * (1 + (4 * u)) * ((0.6 * z) + (0.8 * Normal(rng)));
    }
}

var market = MarketRisk.Compute(PnlScenarios.Create(units, n, pnl), new MarketRiskOptions { Confidence = 0.975, HorizonDays = 10 });
Console.WriteLine($"Market risk: bank ES {market.BankExpectedShortfall:N0} (standalone sum {market.ExpectedShortfall.Sum():N0})");

// Credit EC per unit (e.g. from the loan book), then the unit-by-type table and the inter-risk correlation.
double[] credit = [400e6, 600e6, 100e6];
var ec = new double[units.Length * 3];
for (int u = 0; u < units.Length; u++)
{
    ec[(u * 3) + 0] = credit[u];
    ec[(u * 3) + 1] = market.ExpectedShortfallContribution[u];
    ec[(u * 3) + 2] = op.UnitCapital[u];
}

var correlation = CorrelationMatrix.Create(["credit", "market", "operational"], [1, 0.5, 0.2, 0.5, 1, 0.2, 0.2, 0.2, 1]);
var total = RiskAggregation.AggregateByType(units, ec, correlation);
Console.WriteLine($"Total EC {total.TotalEconomicCapital:N0}, standalone sum {total.StandaloneSum:N0}, diversification benefit {total.DiversificationBenefit:N0}");
for (int u = 0; u < units.Length; u++)
{
    Console.WriteLine($"  {units[u],-10} standalone {total.UnitStandalone[u],15:N0}  diversified {total.UnitContribution[u],15:N0}");
}

static double Normal(Random r) => Math.Sqrt(-2.0 * Math.Log(1.0 - r.NextDouble())) * Math.Cos(2.0 * Math.PI * r.NextDouble());
