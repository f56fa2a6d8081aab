#:project ../src/ValueCore/ValueCore.csproj

// Sensitivity grid: portfolio EVA as the PD multiplier and the LGD shift vary (one valuation per cell, the book read once).
// Run from the repository root: dotnet run samples/sensitivity.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

var book = LoanBookCsv.Read(Path.Combine(SampleFolder(), "loanbook.csv"));
double[] pdMultipliers = [0.8, 1.0, 1.25, 1.5, 2.0, 3.0];
double[] lgdShifts = [-0.05, 0.0, 0.05, 0.10, 0.20];

var inv = CultureInfo.InvariantCulture;
Console.WriteLine("Portfolio EVA (thousands) by PD multiplier (rows) and LGD shift (columns)");
Console.Write(string.Create(inv, $"{"PD x",8}"));
foreach (double s in lgdShifts)
{
    Console.Write(string.Create(inv, $"{s,12:+0.00;-0.00;0.00}"));
}

Console.WriteLine();
foreach (double m in pdMultipliers)
{
    Console.Write(string.Create(inv, $"{m,8:0.00}"));
    foreach (double s in lgdShifts)
    {
        var stressed = Scenario.Named("cell").Pd.Multiply(m).Lgd.Add(s).Build().Apply(book);
        double eva = PortfolioValuation.Run(stressed.Book, stressed.Options).GroupBy().Total.Eva;
        Console.Write(string.Create(inv, $"{eva / 1000,12:N0}"));
    }

    Console.WriteLine();
}

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
