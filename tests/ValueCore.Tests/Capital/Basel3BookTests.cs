using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using ValueCore.Batch;
using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using Xunit;

namespace ValueCore.Tests.Capital;

/// <summary>The Basel III columns read from a loan book and valued by <c>raroc</c> and <see cref="PortfolioValuation.Run"/>.</summary>
public class Basel3BookTests
{
    private const string BaseHeader = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,sales,customer_id";
    private const string RegulatoryHeader = ",large_fi,qrre_transactor,approach,collateral_type,collateral_value,collateral_haircut,seniority,guarantor_pd,guarantor_class,guaranteed_amount,rating,scra_grade,ltv,provision";

    // Each row: the base fields, then the Basel III fields; the expected terms are written beside it.
    private static readonly (string Base, string Regulatory, RegulatoryTerms Terms)[] s_rows =
    [
        ("L1,corp,corporate,1000,0.01,0.10,0.05,0.03,3,,c1", ",,,,,,,,,,,,,,", RegulatoryTerms.Default),
        ("L2,corp,corporate,1000,0.02,0.45,0.05,0.03,4,,c2", ",false,,firb,receivables,500,,senior,,,,A,,,",
            new RegulatoryTerms { Approach = IrbApproach.Foundation, CollateralType = CollateralType.Receivables, CollateralValue = 500, Rating = CreditRating.A }),
        ("L3,fi,bank,2000,0.001,0.20,0.05,0.03,2,,c3", ",true,,,financial,400,0.15,subordinated,,,,,B,,",
            new RegulatoryTerms { LargeFinancialInstitution = true, CollateralType = CollateralType.Financial, CollateralValue = 400, CollateralHaircut = 0.15, Seniority = Seniority.Subordinated, ScraGrade = ScraGrade.B }),
        ("L4,corp,corporate,1000,0.02,0.45,0.05,0.03,2.5,,c4", ",,,,,,,,0.001,sovereign,600,BBB,,,",
            new RegulatoryTerms { GuarantorPd = 0.001, GuarantorClass = AssetClass.Sovereign, GuaranteedAmount = 600, Rating = CreditRating.Bbb }),
        ("L5,corp,sme,800,1,0.45,0.05,0.03,2,20,c5", ",,,sa,,,,,,,,,,,200",
            new RegulatoryTerms { Approach = IrbApproach.Standardised, Provision = 200 }),
        ("L6,corp,corporate,5000,0.005,0.35,0.05,0.03,3,600,c6", ",,,,,,,,,,,AA-,,,",
            new RegulatoryTerms { Rating = CreditRating.AaMinus }),
        ("L7,ret,retail_mortgage,300,0.01,0.04,0.05,0.03,,,c7", ",,,,residential_real_estate,400,,,,,,,,0.75,",
            new RegulatoryTerms { CollateralType = CollateralType.ResidentialRealEstate, CollateralValue = 400, Ltv = 0.75 }),
        // A tiny retail book fails the granularity test (each counterparty is far above 0.2% of it): 100%, not 45%.
        ("L8,ret,retail_revolving,50,0.0006,0.80,0.05,0.03,,,c8", ",,true,,,,,,,,,,,,",
            new RegulatoryTerms { QrreTransactor = true, RegulatoryRetail = false }),
    ];

    private static string Book(TempFolder tmp, bool regulatory) => tmp.File(regulatory ? "b3.csv" : "b2.csv",
        BaseHeader + (regulatory ? RegulatoryHeader : "") + "\n" + string.Concat(s_rows.Select(r => r.Base + (regulatory ? r.Regulatory : "") + "\n")));

    private static RarocJobOptions Options(string book, string output, CapitalRegime regime) => new()
    {
        BookPath = book,
        OutputDirectory = output,
        Valuation = ValuationOptions.Default with { Irb = new IrbOptions { Regime = regime } },
    };

    [Fact]
    public void RarocCsvJob_Basel2WithBasel3Columns_SameBytesAsWithout()
    {
        // Basel II keeps its rules: the new columns are read and validated, and change no byte of a basel2 run.
        using var tmp = new TempFolder();
        RarocCsvJob.Run(Options(Book(tmp, false), tmp.Combine("without"), CapitalRegime.Basel2));
        RarocCsvJob.Run(Options(Book(tmp, true), tmp.Combine("with"), CapitalRegime.Basel2));
        File.ReadAllText(tmp.Combine("with", "loans.csv")).Should().Be(File.ReadAllText(tmp.Combine("without", "loans.csv")));
        File.ReadAllText(tmp.Combine("with", "by_segment.csv")).Should().Be(File.ReadAllText(tmp.Combine("without", "by_segment.csv")));
    }

    [Fact]
    public void RarocCsvJob_Basel3_WritesPerLoanColumnsEqualToTheLibrarysPerExposureEntryPoints()
    {
        using var tmp = new TempFolder();
        var summary = RarocCsvJob.Run(Options(Book(tmp, true), tmp.Combine("out"), CapitalRegime.Basel3));
        summary.Succeeded.Should().BeTrue();
        var lines = File.ReadAllLines(tmp.Combine("out", "loans.csv"));
        var head = lines[0].Split(',');
        head[^3..].Should().Equal("lgd_used", "rwa_sa", "risk_weight_sa");
        int rwa = Array.IndexOf(head, "rwa");
        double rwaSaSum = 0;
        for (int i = 0; i < s_rows.Length; i++)
        {
            var f = lines[i + 1].Split(',');
            var b = s_rows[i].Base.Split(',');
            var ac = Enum.Parse<AssetClass>(b[2].Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
            double ead = D(b[3]), pd = D(b[4]), lgd = D(b[5]);
            double? m = b[8].Length == 0 ? null : D(b[8]);
            double? sales = b[9].Length == 0 ? null : D(b[9]);
            var terms = s_rows[i].Terms;
            double expectedRwa = Basel3Irb.RiskWeightedAssets(ac, ead, pd, lgd, m, sales, terms, out double lgdUsed);
            double expectedSa = StandardisedApproach.RiskWeightedAssets(ac, pd, ead, 0, terms, out double rw);
            D(f[rwa]).Should().Be(expectedRwa, s_rows[i].Base);
            (f[^3].Length == 0 ? double.NaN : D(f[^3])).Should().Be(lgdUsed, s_rows[i].Base);
            D(f[^2]).Should().Be(expectedSa, s_rows[i].Base);
            D(f[^1]).Should().Be(rw, s_rows[i].Base);
            rwaSaSum += D(f[^2]);
        }

        // Spot checks by hand: L2 on F-IRB with receivables 500 (E_S = 300): LGD* = 0.40 x 0.7 + 0.20 x 0.3 = 0.34; L1's
        // own 10% floored at 25%; L6 (sales EUR 600m) moved to F-IRB: 40%; L8 a 100% retail weight.
        D(lines[2].Split(',')[^3]).Should().BeApproximately(0.34, 1e-12);
        D(lines[1].Split(',')[^3]).Should().Be(0.25);
        D(lines[6].Split(',')[^3]).Should().Be(0.40);
        D(lines[8].Split(',')[^1]).Should().Be(1.0);
        summary.FoundationIrbRequiredLoans.Should().Be(2, "the bank L3 and the EUR 600m corporate L6 (CRE30.34)");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        manifest.RootElement.GetProperty("totals").GetProperty("rwa_sa").GetDouble().Should().BeApproximately(rwaSaSum, rwaSaSum * 1e-15);
        manifest.RootElement.GetProperty("rows").GetProperty("foundation_irb_required").GetInt32().Should().Be(2);
    }

    [Fact]
    public void PortfolioValuationRun_Basel3_SameFiguresAsTheBatch()
    {
        using var tmp = new TempFolder();
        string book = Book(tmp, true);
        RarocCsvJob.Run(Options(book, tmp.Combine("out"), CapitalRegime.Basel3));
        var result = PortfolioValuation.Run(LoanBookCsv.Read(book), ValuationOptions.Default with { Irb = new IrbOptions { Regime = CapitalRegime.Basel3 } });
        var lines = File.ReadAllLines(tmp.Combine("out", "loans.csv"));
        int rwa = Array.IndexOf(lines[0].Split(','), "rwa");
        for (int i = 0; i < s_rows.Length; i++)
        {
            var f = lines[i + 1].Split(',');
            result.Rwa[i].Should().Be(D(f[rwa]));
            result.RwaSa[i].Should().Be(D(f[^2]));
            result.RiskWeightSa[i].Should().Be(D(f[^1]));
        }

        result.FoundationIrbRequiredCount.Should().Be(2);
        result.Book.RegulatoryTermsOf(2).Should().Be(s_rows[2].Terms with { RegulatoryRetail = true });
    }

    [Fact]
    public void PortfolioValuationRun_Basel2_NoRegulatoryColumns() =>
        PortfolioValuation.Run(LoanBookCsv.Read(Book(new TempFolder(), true))).RwaSa.IsEmpty.Should().BeTrue();

    [Theory]
    [InlineData("approach", "xirb", "is not an approach (airb, firb, sa)")]
    [InlineData("collateral_type", "gold", "is not a collateral type (cash, financial, receivables, residential_real_estate, commercial_real_estate, other_physical; empty = none)")]
    [InlineData("large_fi", "yes", "is not true or false (empty = false)")]
    [InlineData("rating", "Aa2", "is not a rating on the S&P/Fitch scale (AAA, AA+, AA, AA-, A+ ... CCC-, CC, C, D; empty = unrated)")]
    [InlineData("guaranteed_amount", "1001", "must be in [0, ead]")]
    [InlineData("ltv", "-0.5", "is outside (0, 100] (a fraction: 0.8 is 80%)")]
    public void RarocCsvJob_BadBasel3Cell_RejectedNamingLineColumnValueAndRule(string column, string value, string rule)
    {
        using var tmp = new TempFolder();
        var names = RegulatoryHeader.TrimStart(',').Split(',');
        var cells = new string[names.Length];
        Array.Fill(cells, "");
        cells[Array.IndexOf(names, column)] = value;
        if (column == "guaranteed_amount")
        {
            cells[Array.IndexOf(names, "guarantor_pd")] = "0.001";
        }

        string book = tmp.File("bad.csv", BaseHeader + RegulatoryHeader + "\n" + s_rows[0].Base + "," + string.Join(',', cells) + "\n");
        var summary = RarocCsvJob.Run(Options(book, tmp.Combine("out"), CapitalRegime.Basel3));
        summary.Succeeded.Should().BeFalse();
        summary.Issues.Should().ContainSingle().Which.Should().Be(new DataIssue(2, column, value, rule));
    }

    [Fact]
    public void RarocCsvJob_FinancialCollateralWithoutHaircut_Rejected()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("bad.csv", BaseHeader + RegulatoryHeader + "\n" + s_rows[0].Base + ",,,,financial,100,,,,,,,,,\n");
        var summary = RarocCsvJob.Run(Options(book, tmp.Combine("out"), CapitalRegime.Basel2));
        summary.Issues.Should().ContainSingle().Which.Rule.Should().Be("in [0, 1] is required for financial collateral (CRE22.49)");
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
