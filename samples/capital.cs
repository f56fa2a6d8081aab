#:project ../src/ValueCore/ValueCore.csproj

// Portfolio economic capital by Monte Carlo on the sample book, allocated back to loans.
// Run from the repository root: dotnet run samples/capital.cs
// Compare plain Monte Carlo and importance sampling at equal CPU time (benchmarks/results-montecarlo.md):
//   dotnet run -c Release samples/capital.cs -- compare BOOK.csv PLAIN_SCENARIOS [CONFIDENCE]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.Capital.MonteCarlo;
using ValueCore.IO;

var inv = CultureInfo.InvariantCulture;
bool compare = args.Length > 0 && args[0] == "compare";
string path = compare && args.Length > 1 ? args[1] : Path.Combine(SampleFolder(), "loanbook.csv");
var book = LoanBookCsv.Read(path);
var exposures = CreditExposures.FromBook(book);

if (!compare)
{
    // The book-level entry point: simulation, standalone valuation, ES allocation and diversified RAROC/EVA, by segment.
    var run = PortfolioCapital.Run(book, new PortfolioCapitalOptions { MonteCarlo = new MonteCarloOptions { Scenarios = 20_000, Seed = 42 } });
    var result = run.MonteCarlo;
    var capital = run.AllocatedCapital;
    Console.WriteLine(string.Create(inv, $"{book.Count} loans, {result.Obligors} obligors, {result.Scenarios} scenarios"));
    Console.WriteLine(string.Create(inv, $"EL {result.El:N0} (simulated {result.ElSimulated:N0} ± {result.ElSimulatedSe:N0}); VaR 99.9% {result.Var:N0} (se {result.VarSe:N0}); ES {result.Es:N0} (se {result.EsSe:N0}); EC {result.Ec:N0} (se {result.EcSe:N0})"));
    Console.WriteLine($"{"loan",-14}{"ES contribution",18}{"se",12}{"allocated EC",16}");
    foreach (int i in Enumerable.Range(0, book.Count).OrderByDescending(i => result.EsContribution[i]).Take(5))
    {
        Console.WriteLine(string.Create(inv, $"{book.LoanId[i],-14}{result.EsContribution[i],18:N0}{result.EsContributionSe[i],12:N0}{capital[i],16:N0}"));
    }

    var p = run.Profitability;
    Console.WriteLine(string.Create(inv, $"RAROC standalone {p.StandaloneRarocTotal:P2}, diversified {p.DiversifiedRarocTotal:P2}; EVA standalone {p.StandaloneEvaTotal:N0}, diversified {p.DiversifiedEvaTotal:N0}"));
    var g = run.Groups;
    for (int j = 0; j < g.Count; j++)
    {
        Console.WriteLine(string.Create(inv, $"{g.Keys[j][0],-20}{g.Loans[j],6} loans  allocated EC {g.DiversifiedEc[j],14:N0}  diversified RAROC {g.DiversifiedRaroc[j]:P2}"));
    }

    return;
}

long plainScenarios = args.Length > 2 ? long.Parse(args[2], inv) : 100_000;
double q = args.Length > 3 ? double.Parse(args[3], inv) : 0.999;
var plainOptions = new MonteCarloOptions { Scenarios = plainScenarios, Seed = 1, Confidence = q, MaxDegreeOfParallelism = 1 };
var (plain, plainCpu) = Timed(plainOptions);

// Calibrate the importance-sampled run to the same CPU time.
var pilotOptions = plainOptions with { Scenarios = Math.Max(1_000, plainScenarios / 20), Seed = 2, ImportanceSampling = true };
var (_, pilotCpu) = Timed(pilotOptions);
long isScenarios = Math.Max(1_000, (long)(pilotOptions.Scenarios * plainCpu / pilotCpu));
var (sampled, sampledCpu) = Timed(pilotOptions with { Scenarios = isScenarios, Seed = 3 });

Console.WriteLine($"| estimate | plain ({plainScenarios} scenarios, {plainCpu:F1} cpu-s) | importance sampling ({isScenarios} scenarios, {sampledCpu:F1} cpu-s) | SE ratio plain / IS |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Row("EL simulated (EL exact " + plain.El.ToString("N0", inv) + ")", plain.ElSimulated, plain.ElSimulatedSe, sampled.ElSimulated, sampled.ElSimulatedSe);
Row($"VaR {q}", plain.Var, plain.VarSe, sampled.Var, sampled.VarSe);
Row($"ES {q}", plain.Es, plain.EsSe, sampled.Es, sampled.EsSe);
Row("EC = VaR - EL", plain.Ec, plain.EcSe, sampled.Ec, sampled.EcSe);
Row("ES - EL", plain.EsEc, plain.EsEcSe, sampled.EsEc, sampled.EsEcSe);
foreach (int i in Enumerable.Range(0, book.Count).OrderByDescending(i => sampled.EsContribution[i]).Take(5))
{
    Row($"ES contribution {book.LoanId[i]}", plain.EsContribution[i], plain.EsContributionSe[i], sampled.EsContribution[i], sampled.EsContributionSe[i]);
    Row($"VaR contribution {book.LoanId[i]}", plain.VarContribution[i], plain.VarContributionSe[i], sampled.VarContribution[i], sampled.VarContributionSe[i]);
}

void Row(string name, double a, double aSe, double b, double bSe) =>
    Console.WriteLine(string.Create(inv, $"| {name} | {a:N0} ± {aSe:N0} | {b:N0} ± {bSe:N0} | {(bSe > 0 ? aSe / bSe : double.NaN):F2} |"));

(MonteCarloResult Result, double CpuSeconds) Timed(MonteCarloOptions options)
{
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    var r = PortfolioMonteCarlo.Run(exposures, options);
    return (r, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
}

static string SampleFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
