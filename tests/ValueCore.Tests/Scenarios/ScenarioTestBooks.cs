using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.Tests.Scenarios;

/// <summary>Small hand-built books for the scenario tests.</summary>
internal static class ScenarioTestBooks
{
    /// <summary>Eight loans over segments cre/retail/corp, several asset classes, an extra "region" attribute, and one defaulted loan (D1).</summary>
    public static LoanBook Mixed()
    {
        var b = new LoanBookBuilder("region");
        void Add(string id, string segment, AssetClass ac, double pd, double lgd, string region, string classification = "pass") => b.Add(new Loan
        {
            LoanId = id, Segment = segment, AssetClass = ac, Ead = 1_000_000, Pd = pd, Lgd = lgd, Rate = 0.05, FtpRate = 0.03,
            MaturityYears = ac is AssetClass.Corporate or AssetClass.Sme ? 2.5 : null, Fees = 1000, Opex = 500,
            Classification = classification, SalesEurMillions = ac == AssetClass.Sme ? 20 : null,
        }, region);
        Add("C1", "cre", AssetClass.Corporate, 0.01, 0.45, "north");
        Add("C2", "cre", AssetClass.Sme, 0.02, 0.40, "south", "special_mention");
        Add("C3", "cre", AssetClass.RetailOther, 0.03, 0.50, "north");
        Add("R1", "retail", AssetClass.RetailMortgage, 0.005, 0.20, "north");
        Add("R2", "retail", AssetClass.RetailRevolving, 0.04, 0.85, "south");
        Add("K1", "corp", AssetClass.Corporate, 0.002, 0.45, "south");
        Add("K2", "corp", AssetClass.Sme, 0.5, 0.60, "north", "special_mention");
        Add("D1", "corp", AssetClass.Corporate, 1.0, 0.45, "south", "default");
        return b.Build();
    }
}
