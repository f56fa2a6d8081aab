using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;

namespace ValueCore.Tests.Capital.MonteCarlo;

internal static class MonteCarloTestData
{
    /// <summary>n loans, each its own obligor, equal EAD, PD, LGD, one asset class.</summary>
    public static CreditExposures Homogeneous(int n, double pd, double lgd, double ead = 1.0, AssetClass assetClass = AssetClass.Corporate, string segment = "s")
    {
        var ids = Enumerable.Range(0, n).Select(i => "L" + i).ToArray();
        return CreditExposures.Create(ids, Enumerable.Repeat("", n).ToArray(), Enumerable.Repeat(segment, n).ToArray(),
            Enumerable.Repeat(assetClass, n).ToArray(), Enumerable.Repeat(ead, n).ToArray(), Enumerable.Repeat(pd, n).ToArray(),
            Enumerable.Repeat(lgd, n).ToArray(), Enumerable.Repeat(IrbFormula.NoSales, n).ToArray());
    }

    /// <summary>A small concentrated book: 120 loans of 80 customers (some with 2-3 loans), mixed classes, seeded.</summary>
    public static CreditExposures Concentrated(int seed = 3)
    {
        var rng = new Random(seed);
        var ids = new List<string>();
        var customers = new List<string>();
        var segments = new List<string>();
        var classes = new List<AssetClass>();
        var ead = new List<double>();
        var pd = new List<double>();
        var lgd = new List<double>();
        var sales = new List<double>();
        for (int c = 0; c < 80; c++)
        {
            int loans = c % 5 == 0 ? 3 : c % 3 == 0 ? 2 : 1;
            double p = Math.Round(0.002 + (0.04 * rng.NextDouble()), 4);
            var ac = c % 4 == 0 ? AssetClass.RetailOther : c % 4 == 1 ? AssetClass.Sme : AssetClass.Corporate;
            double size = c < 5 ? 400.0 : 10.0 + (90.0 * rng.NextDouble());
            for (int l = 0; l < loans; l++)
            {
                ids.Add($"L{c}-{l}");
                customers.Add(c % 7 == 6 && loans == 1 ? "" : "C" + c);
                segments.Add(c % 2 == 0 ? "east" : "west");
                classes.Add(ac);
                ead.Add(size * (1 + l));
                pd.Add(p);
                lgd.Add(Math.Round(0.2 + (0.5 * rng.NextDouble()), 3));
                sales.Add(ac == AssetClass.Sme ? 20.0 : IrbFormula.NoSales);
            }
        }

        return CreditExposures.Create(ids.ToArray(), customers.ToArray(), segments.ToArray(), classes.ToArray(), ead.ToArray(), pd.ToArray(),
            lgd.ToArray(), sales.ToArray());
    }
}
