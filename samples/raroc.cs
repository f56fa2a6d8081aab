#:project ../src/ValueCore/ValueCore.csproj

// Values the bundled sample book through the library and prints RAROC and EVA by segment.
// Run from the repository root: dotnet run samples/raroc.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Profitability;

var book = LoanBookCsv.Read(Path.Combine(SampleFolder(), "loanbook.csv"));
var options = new ValuationOptions { Profitability = new ProfitabilityParameters { Hurdle = 0.12, TaxRate = 0.25 } };
var result = PortfolioValuation.Run(book, options);

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"{book.Count} loans valued; {result.ZeroCapitalCount} with zero capital."));
Console.WriteLine(string.Create(inv, $"{"segment",-20}{"EC",16}{"RAROC",10}{"EVA",14}"));
foreach (var row in result.GroupBy(LoanColumns.Segment).Rows)
{
    string raroc = row.Raroc is double r ? r.ToString("P1", inv) : "n/a";
    Console.WriteLine(string.Create(inv, $"{row.Keys[0],-20}{row.Ec,16:N0}{raroc,10}{row.Eva,14:N0}"));
}

var total = result.GroupBy().Total;
Console.WriteLine(string.Create(inv, $"{"portfolio",-20}{total.Ec,16:N0}{total.Raroc,10:P1}{total.Eva,14:N0}"));

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
