namespace ValueCore.Portfolio;

/// <summary>The names of the loan-book columns the library understands (the CSV header names).</summary>
public static class LoanColumns
{
    /// <summary>Unique loan identifier (required).</summary>
    public const string LoanId = "loan_id";

    /// <summary>Business segment (required).</summary>
    public const string Segment = "segment";

    /// <summary>Basel asset class (required).</summary>
    public const string AssetClass = "asset_class";

    /// <summary>Exposure at default (required unless drawn is given); capital and EL are on it.</summary>
    public const string Ead = "ead";

    /// <summary>Drawn balance: the balance on which interest and funding accrue (EAD = drawn + ccf x undrawn when ead is absent; drawn = ead when not given).</summary>
    public const string Drawn = "drawn";

    /// <summary>Undrawn commitment (converted to EAD by ccf when ead is absent; earns the commitment fee and bears the undrawn liquidity charge).</summary>
    public const string Undrawn = "undrawn";

    /// <summary>Commitment fee: annual rate, a fraction, on the undrawn commitment (default 0).</summary>
    public const string CommitmentFee = "commitment_fee";

    /// <summary>Liquidity charge on the undrawn commitment: annual rate, a fraction (default 0).</summary>
    public const string UndrawnFtp = "undrawn_ftp";

    /// <summary>Credit conversion factor of the undrawn amount (used when ead is absent).</summary>
    public const string Ccf = "ccf";

    /// <summary>One-year probability of default (required).</summary>
    public const string Pd = "pd";

    /// <summary>Loss given default (required).</summary>
    public const string Lgd = "lgd";

    /// <summary>Client annual rate (required).</summary>
    public const string Rate = "rate";

    /// <summary>Funds transfer price (required unless a funding curve derives it).</summary>
    public const string FtpRate = "ftp_rate";

    /// <summary>IRB effective maturity M in years (required for corporate, sovereign, bank, sme unless term is given).</summary>
    public const string Maturity = "maturity";

    /// <summary>Remaining contractual term in years: the matched-maturity FTP term (default: maturity).</summary>
    public const string Term = "term";

    /// <summary>How the principal is repaid: bullet (default), linear or annuity; the profile a transfer price derived from a funding curve follows.</summary>
    public const string Amortisation = "amortisation";

    /// <summary>Principal payments a year of the loan's repayment schedule (1, 2, 3, 4, 6 or 12; empty: the run's setting).</summary>
    public const string PaymentsPerYear = "payments_per_year";

    /// <summary>Years to the next rate reset of a floating-rate loan, to which a derived transfer price's interest-rate part is matched (empty: fixed rate).</summary>
    public const string Repricing = "repricing";

    /// <summary>Customer (obligor) identifier.</summary>
    public const string CustomerId = "customer_id";

    /// <summary>Product.</summary>
    public const string Product = "product";

    /// <summary>Annual sales in EUR millions (SME firm-size adjustment).</summary>
    public const string Sales = "sales";

    /// <summary>Annual fee income.</summary>
    public const string Fees = "fees";

    /// <summary>Annual operating cost.</summary>
    public const string Opex = "opex";

    /// <summary>Loan classification (e.g. pass, special_mention, ...).</summary>
    public const string Classification = "classification";

    /// <summary>Best-estimate expected loss rate of a defaulted loan.</summary>
    public const string Beel = "beel";

    /// <summary>The asset-class labels as written in the loan book, in <see cref="Capital.AssetClass"/> order.</summary>
    public static IReadOnlyList<string> AssetClassLabels { get; } =
        ["corporate", "sovereign", "bank", "sme", "retail_mortgage", "retail_revolving", "retail_other"];

    /// <summary>Parses an asset-class label (exact, lower case).</summary>
    /// <param name="label">The label.</param>
    /// <param name="assetClass">The asset class, when recognised.</param>
    /// <returns>Whether the label names an asset class.</returns>
    public static bool TryParseAssetClass(ReadOnlySpan<char> label, out Capital.AssetClass assetClass)
    {
        for (int i = 0; i < AssetClassLabels.Count; i++)
        {
            if (label.SequenceEqual(AssetClassLabels[i]))
            {
                assetClass = (Capital.AssetClass)i;
                return true;
            }
        }

        assetClass = default;
        return false;
    }
}
