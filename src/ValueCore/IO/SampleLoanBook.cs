using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace ValueCore.IO;

/// <summary>
/// Writes a realistic synthetic loan book of any size: eight business segments, all seven asset classes, customers
/// holding one to five loans, log-normal exposures and PDs, Beta-distributed LGDs, margins that follow risk.
/// </summary>
/// <remarks>Deterministic: the book is drawn in blocks of 65,536 loans, each from its own generator keyed by (seed, block),
/// so the same seed gives the same file, and the first N loans of a larger book equal the book of N loans.</remarks>
public static class SampleLoanBook
{
    private const int Block = 1 << 16;

    private static readonly string[] s_header =
        ["loan_id", "customer_id", "segment", "product", "asset_class", "ead", "pd", "lgd", "maturity", "sales", "rate", "ftp_rate", "fees", "opex", "classification"];

    //                                 corp   sov   bank   sme   mort  qrre  other
    private static readonly double[] s_classShare = [0.09, 0.01, 0.02, 0.14, 0.30, 0.24, 0.20];
    private static readonly double[] s_eadMedian = [5.0e6, 5.0e7, 2.0e7, 6.0e5, 1.8e5, 4.0e3, 1.5e4];
    private static readonly double[] s_eadSigma = [1.2, 0.8, 1.0, 1.0, 0.5, 0.8, 0.8];
    private static readonly double[] s_pdMedian = [0.006, 0.0015, 0.002, 0.015, 0.005, 0.025, 0.02];
    private static readonly double[] s_pdSigma = [1.1, 0.9, 0.9, 1.0, 1.0, 0.9, 0.9];
    private static readonly double[] s_lgdA = [4.5, 4.5, 4.5, 4.0, 2.0, 6.5, 5.0];
    private static readonly double[] s_lgdB = [5.5, 5.5, 5.5, 6.0, 10.0, 3.5, 5.0];
    private static readonly double[] s_margin = [0.012, 0.004, 0.006, 0.020, 0.008, 0.080, 0.035];
    private static readonly double[] s_feeRate = [0.0025, 0.0005, 0.001, 0.004, 0.0005, 0.01, 0.006];
    private static readonly double[] s_opexFixed = [2500, 5000, 3000, 900, 150, 30, 80];
    private static readonly double[] s_opexRate = [0.001, 0.0002, 0.0003, 0.002, 0.0008, 0.01, 0.005];
    private static readonly string[][] s_segments =
    [
        ["corporate_banking", "mid_market"], ["treasury"], ["treasury"], ["mid_market", "business_banking"],
        ["retail_north", "retail_south", "private_banking"], ["cards"], ["consumer_finance", "retail_north", "retail_south"],
    ];

    private static readonly string[][] s_products =
    [
        ["term_loan", "revolving_credit_facility", "trade_finance"], ["bond"], ["interbank_loan"], ["term_loan", "overdraft", "leasing"],
        ["mortgage"], ["credit_card"], ["personal_loan", "auto_loan"],
    ];

    private static readonly string[] s_labels = ["corporate", "sovereign", "bank", "sme", "retail_mortgage", "retail_revolving", "retail_other"];

    private static readonly string[] s_provisioningHeader =
        ["eir", "amortisation", "remaining_term", "maturity_date", "dpd", "pd_origination", "stage", "impairment"];

    /// <summary>Writes a sample book.</summary>
    /// <param name="destination">The stream (UTF-8 CSV with header).</param>
    /// <param name="rows">Number of loans, &gt;= 0.</param>
    /// <param name="seed">The seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    public static void Write(Stream destination, long rows, int seed) => Write(destination, rows, seed, provisioningColumns: false);

    /// <summary>Writes a sample book, optionally with the provisioning columns of <c>docs/provisions.md</c>.</summary>
    /// <param name="destination">The stream (UTF-8 CSV with header).</param>
    /// <param name="rows">Number of loans, &gt;= 0.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="provisioningColumns">Whether to append <c>eir, amortisation, remaining_term, maturity_date, dpd,
    /// pd_origination, stage, impairment</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative.</exception>
    /// <remarks>
    /// The provisioning columns are drawn from a generator of their own, so the first fifteen columns are the bytes of
    /// the book without them. A loan's stage inputs follow its classification: performing loans (pass) are current
    /// (91%), 1-30 days past due (3%) or 31-89 (6%, stage 2 by the 30-day backstop); watch loans (special_mention, IFRS 9 stage 2 by the watch-state rule) are 0-60 days
    /// past due; defaulted classes (substandard, doubtful, loss) 91-720 days, half of them with a DCF
    /// <c>impairment</c> of 60-100% of LGD x EAD. <c>eir</c> is the contract rate; <c>remaining_term</c> the
    /// <c>maturity</c> draw; amortisation annuity for mortgages, bullet for cards, sovereigns and banks, a mix
    /// otherwise. <c>maturity_date</c>, <c>pd_origination</c> and <c>stage</c> are left empty: the term gives the
    /// remaining life, and the lifetime PD at origination is the bank's figure for the transition model in use, which a
    /// generator cannot know (the staging rule then skips that test, <c>docs/provisions.md</c>).
    /// </remarks>
    public static void Write(Stream destination, long rows, int seed, bool provisioningColumns)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var head = Encoding.UTF8.GetBytes(string.Join(',', provisioningColumns ? [.. s_header, .. s_provisioningHeader] : s_header) + "\n");
        destination.Write(head);
        long blocks = (rows + Block - 1) / Block;
        // Blocks are drawn in parallel in groups and written in order.
        int group = Math.Max(1, Environment.ProcessorCount) * 2;
        for (long b0 = 0; b0 < blocks; b0 += group)
        {
            int count = (int)Math.Min(group, blocks - b0);
            var parts = new byte[count][];
            Parallel.For(0, count, i =>
            {
                long b = b0 + i;
                parts[i] = DrawBlock(seed, b, (int)Math.Min(Block, rows - (b * Block)), provisioningColumns);
            });
            foreach (var p in parts)
            {
                destination.Write(p);
            }
        }
    }

    private static byte[] DrawBlock(int seed, long block, int n, bool provisioningColumns)
    {
        var rng = new Xoshiro256StarStar(HashCode32(seed, block));
        var provisioning = new Xoshiro256StarStar(HashCode32(seed, block ^ ProvisioningStream));
        var sb = new StringBuilder(n * 150);
        var inv = CultureInfo.InvariantCulture;
        long loan = block * Block;
        long customer = block * Block;
        int left = 0;
        int cls = 0, seg = 0;
        double pd = 0, sales = 0;
        for (int i = 0; i < n; i++)
        {
            if (left == 0)
            {
                customer++;
                left = 1 + Pick(rng, [0.45, 0.25, 0.15, 0.10, 0.05]);
                cls = Pick(rng, s_classShare);
                seg = rng.Next(s_segments[cls].Length);
                pd = Math.Clamp(s_pdMedian[cls] * Math.Exp(s_pdSigma[cls] * Normal.Sample(rng, 0, 1)), 0.0001, 0.35);
                if (rng.NextDouble() < 0.004)
                {
                    pd = 1.0; // a few defaulted customers
                }

                sales = 5 + (rng.NextDouble() * 60);
            }

            left--;
            double ead = Math.Round(s_eadMedian[cls] * Math.Exp(s_eadSigma[cls] * Normal.Sample(rng, 0, 1)), 2);
            double lgd = Math.Round(Math.Clamp(Beta.Sample(rng, s_lgdA[cls], s_lgdB[cls]), 0.05, 0.9), 4);
            double maturity = Math.Round(0.25 + (rng.NextDouble() * (cls is 4 ? 25 : 7)), 2);
            double ftp = Math.Round(Math.Clamp(0.018 + (0.0018 * Math.Min(maturity, 10)) + (0.002 * Normal.Sample(rng, 0, 1)), 0.005, 0.06), 6);
            double spread = (s_margin[cls] + (Math.Min(pd, 0.3) * lgd)) * Math.Exp(0.25 * Normal.Sample(rng, 0, 1));
            if (rng.NextDouble() < 0.03)
            {
                spread = -0.25 * spread;
            }

            double rate = Math.Round(Math.Clamp(ftp + spread, 0.001, 0.35), 6);
            double fees = Math.Round(ead * s_feeRate[cls] * (0.2 + (1.6 * rng.NextDouble())), 2);
            double opex = Math.Round((s_opexFixed[cls] + (s_opexRate[cls] * ead)) * (0.6 + (0.8 * rng.NextDouble())), 2);
            string classification = pd >= 1.0 ? (rng.NextDouble() < 0.5 ? "doubtful" : "loss")
                : pd >= 0.15 ? (rng.NextDouble() < 0.5 ? "substandard" : "special_mention")
                : pd >= 0.05 && rng.NextDouble() < 0.5 ? "special_mention" : "pass";
            var products = s_products[cls];
            sb.Append(inv, $"L{loan + i:D10},C{customer:D9},{s_segments[cls][seg]},{products[rng.Next(products.Length)]},{s_labels[cls]},");
            sb.Append(inv, $"{ead:R},{Math.Round(pd, 6):R},{lgd:R},");
            if (cls is not (4 or 5 or 6) || rng.NextDouble() < 0.5)
            {
                sb.Append(inv, $"{maturity:R}");
            }

            sb.Append(',');
            if (cls == 3)
            {
                sb.Append(inv, $"{Math.Round(sales, 2):R}");
            }

            sb.Append(inv, $",{rate:R},{ftp:R},{fees:R},{opex:R},{classification}");
            if (provisioningColumns)
            {
                AppendProvisioning(sb, provisioning, cls, classification, rate, maturity, ead, lgd);
            }

            sb.Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Salt of the provisioning columns' generator (a block index never reaches it).</summary>
    private const long ProvisioningStream = 0x5DEECE66DL << 20;

    private static void AppendProvisioning(StringBuilder sb, Random rng, int cls, string classification, double rate, double maturity, double ead, double lgd)
    {
        var inv = CultureInfo.InvariantCulture;
        string amortisation = cls switch
        {
            4 => "annuity",
            1 or 2 or 5 => "bullet",
            _ => (rng.NextDouble() * 3) switch { < 1 => "bullet", < 2 => "linear", _ => "annuity" },
        };
        int dpd;
        string impairment = "";
        switch (classification)
        {
            case "pass":
                double u = rng.NextDouble();
                dpd = u < 0.91 ? 0 : u < 0.94 ? 1 + rng.Next(30) : 31 + rng.Next(59);
                break;
            case "special_mention":
                dpd = rng.NextDouble() < 0.5 ? 0 : 1 + rng.Next(60);
                break;
            default:
                dpd = 91 + rng.Next(630);
                if (rng.NextDouble() < 0.5)
                {
                    impairment = Math.Round(ead * lgd * (0.6 + (0.4 * rng.NextDouble())), 2).ToString("R", inv);
                }

                break;
        }

        sb.Append(inv, $",{rate:R},{amortisation},{maturity:R},,{dpd},,,{impairment}");
    }

    private static int Pick(Random rng, double[] weights)
    {
        double u = rng.NextDouble();
        for (int i = 0; i < weights.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static int HashCode32(int seed, long block)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (ulong)block ^ 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}
