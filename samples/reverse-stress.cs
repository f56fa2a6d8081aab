#:project ../src/ValueCore/ValueCore.csproj

// Reverse stress test: the PD multiplier (applied to every loan) at which the portfolio's RAROC falls to the hurdle rate,
// found by bisection. Run from the repository root: dotnet run samples/reverse-stress.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

var book = LoanBookCsv.Read(Path.Combine(SampleFolder(), "loanbook.csv"));
var options = ValuationOptions.Default;
double hurdle = options.Profitability.Hurdle;

double PortfolioRaroc(double multiplier)
{
    var stressed = Scenario.Named("reverse").Pd.Multiply(multiplier).Build().Apply(book, options);
    return PortfolioValuation.Run(stressed.Book, stressed.Options).GroupBy().Total.Raroc
        ?? throw new InvalidOperationException("The portfolio holds no capital.");
}

var inv = CultureInfo.InvariantCulture;
double lo = 1.0, hi = 2.0;
if (PortfolioRaroc(lo) <= hurdle)
{
    Console.WriteLine(string.Create(inv, $"The baseline RAROC {PortfolioRaroc(lo):P2} is already at or below the hurdle {hurdle:P2}."));
    return;
}

// Bracket: double the multiplier until RAROC falls below the hurdle (RAROC falls as PDs rise over this range).
while (PortfolioRaroc(hi) > hurdle)
{
    lo = hi;
    hi *= 2;
    if (hi > 1024)
    {
        throw new InvalidOperationException("RAROC stays above the hurdle for PD multipliers up to 1024.");
    }
}

int iterations = 0;
while (hi - lo > 1e-6)
{
    double mid = 0.5 * (lo + hi);
    if (PortfolioRaroc(mid) > hurdle)
    {
        lo = mid;
    }
    else
    {
        hi = mid;
    }

    iterations++;
}

double m = 0.5 * (lo + hi);
Console.WriteLine(string.Create(inv, $"Baseline portfolio RAROC {PortfolioRaroc(1.0):P2}, hurdle {hurdle:P2}."));
Console.WriteLine(string.Create(inv, $"RAROC falls to the hurdle when every PD is multiplied by {m:F4} ({iterations} bisection steps; RAROC there {PortfolioRaroc(m):P4})."));

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
