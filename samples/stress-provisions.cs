#:project ../src/ValueCore/ValueCore.csproj

// One adverse scenario carried through RAROC and IFRS 9 provisions together: the migration matrix shifted by Z = -1.5 in
// year 1 and -0.5 afterwards, LGDs up 10 points, and card limits drawn at a 90% credit conversion factor. Prints ECL and
// the stage mix by segment against the baseline, next to the change in EVA.
// Run from the repository root: dotnet run samples/stress-provisions.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;

var book = LoanBookCsv.Read(Path.Combine(SampleFolder(), "loanbook.csv"));

// The sample book has no drawn/undrawn columns: take cards as 70% drawn with a 60% booked CCF on the rest, others fully drawn.
int n = book.Count;
var drawn = new double[n];
var undrawn = new double[n];
for (int i = 0; i < n; i++)
{
    bool card = book.Segment[i] == "cards";
    drawn[i] = card ? 0.7 * book.Ead[i] / (0.7 + (0.6 * 0.3)) : book.Ead[i];
    undrawn[i] = card ? 0.3 * book.Ead[i] / (0.7 + (0.6 * 0.3)) : 0;
}

book = book.WithDrawnAndUndrawn(drawn, undrawn);

// Contract terms for the ECL (a real book carries eir, amortisation and term columns): EIR = the client rate,
// remaining term = the maturity (5 years where none), annuities for mortgages, bullets otherwise.
var terms = ProvisionTerms.Create(
    eir: [.. book.Rate.ToArray()],
    profile: [.. book.TextColumn("product").Select(p => p == "mortgage" ? EadProfile.Annuity : EadProfile.Bullet)],
    remainingYears: [.. book.MaturityYears.ToArray().Select(m => double.IsNaN(m) ? 5.0 : Math.Min(m, 30))]);

// A one-year matrix on the five-tier classification; substandard, doubtful and loss count as default.
var matrix = DefaultStates.Absorb(TransitionMatrix.Create(StateSpace.FiveTier, new[,]
{
    { 0.95, 0.04, 0.007, 0.002, 0.001 },
    { 0.20, 0.65, 0.10, 0.03, 0.02 },
    { 0.02, 0.08, 0.60, 0.20, 0.10 },
    { 0.00, 0.02, 0.08, 0.60, 0.30 },
    { 0.00, 0.00, 0.00, 0.00, 1.00 },
}), ["substandard", "doubtful", "loss"]);
var options = new ProvisionMeasureOptions { Matrix = matrix, Rho = 0.12 };

// Lifetime PDs expected at origination: as if each loan had been granted at today's rating (its baseline lifetime PD), so
// that the stress moves loans to stage 2 by the lifetime-PD test (PD at least doubled and up by more than 0.5 points).
var atOrigination = new ProvisionMeasure(terms, options).Measure(Scenario.Baseline.Apply(book)).PDLifetime.ToArray();
terms = ProvisionTerms.Create([.. terms.Eir.ToArray()], [.. terms.Profile.ToArray()], [.. terms.RemainingYears.ToArray()], originationPD: atOrigination);
var provisions = new ProvisionMeasure(terms, options);

var adverse = Scenario.Named("adverse")
    .MigrationZShift(-1.5, -0.5)
    .Lgd.Add(0.10)
    .Where("segment", "cards").Ead.Ccf(0.9)
    .Build();

var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([adverse]), new ScenarioAnalysisOptions { Measures = [provisions] });
var c = analysis.Compare();

var inv = CultureInfo.InvariantCulture;
Console.WriteLine(adverse);
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"{"segment",-20}{"ECL base",12}{"ECL stress",12}{"stage 2 base",14}{"stage 2 stress",16}{"ΔEVA",12}"));
foreach (var group in analysis.Baseline.Groups[0].Rows)
{
    string s = group.Keys[0];
    var ecl = c.Get("adverse", "ecl", s);
    var stage2 = c.Get("adverse", "loans_stage2", s);
    Console.WriteLine(string.Create(inv, $"{s,-20}{ecl.Baseline,12:N0}{ecl.Value,12:N0}{stage2.Baseline,14:N0}{stage2.Value,16:N0}{c.Get("adverse", "eva", s).Change,12:N0}"));
}

var total = c.Get("adverse", "ecl");
Console.WriteLine(string.Create(inv, $"{"portfolio",-20}{total.Baseline,12:N0}{total.Value,12:N0}{c.Get("adverse", "loans_stage2").Baseline,14:N0}{c.Get("adverse", "loans_stage2").Value,16:N0}{c.Get("adverse", "eva").Change,12:N0}"));

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
