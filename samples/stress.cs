#:project ../src/ValueCore/ValueCore.csproj

// A typical adverse scenario written in C#: PDs up 50% for mid-market and business-banking SME/corporate loans, LGDs up
// 10 points, rates and funding up 200 bp, hurdle up to 14%. Prints RAROC and EVA by segment against the baseline.
// Run from the repository root: dotnet run samples/stress.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

var book = LoanBookCsv.Read(Path.Combine(SampleFolder(), "loanbook.csv"));

var adverse = Scenario.Named("adverse")
    .Where("segment", "mid_market", "business_banking").Where("asset_class", "sme", "corporate").Pd.Multiply(1.5)
    .Lgd.Add(0.10)
    .Rate.ShiftBp(200)
    .FtpRate.ShiftBp(200)
    .Hurdle(0.14)
    .Build();

var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([adverse]));
var comparison = analysis.Compare();

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(adverse);
foreach (var report in analysis.Scenarios[0].Reports)
{
    Console.WriteLine(string.Create(inv, $"  {report.Shock}: {report.LoansSelected} loans, {report.LoansBounded} bounded"));
}

Console.WriteLine();
Console.WriteLine(string.Create(inv, $"{"segment",-20}{"EC base",14}{"EC stress",14}{"RAROC base",12}{"RAROC stress",14}{"ΔEVA",14}"));
foreach (var group in analysis.Baseline.Groups[0].Rows)
{
    string segment = group.Keys[0];
    var ec = comparison.Get("adverse", "ec", segment);
    var raroc = comparison.Get("adverse", "raroc", segment);
    var eva = comparison.Get("adverse", "eva", segment);
    Console.WriteLine(string.Create(inv, $"{segment,-20}{ec.Baseline,14:N0}{ec.Value,14:N0}{raroc.Baseline,12:P1}{raroc.Value,14:P1}{eva.Change,14:N0}"));
}

var total = comparison.Get("adverse", "eva");
Console.WriteLine(string.Create(inv, $"{"portfolio",-20}{comparison.Get("adverse", "ec").Baseline,14:N0}{comparison.Get("adverse", "ec").Value,14:N0}{comparison.Get("adverse", "raroc").Baseline,12:P1}{comparison.Get("adverse", "raroc").Value,14:P1}{total.Change,14:N0}"));

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
