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

    // Basel III columns (docs/loan-book.md, "Basel III columns"; docs/methodology.md, sections 9-12).

    /// <summary>Whether the obligor is a large or unregulated financial institution (true/false; empty = false).</summary>
    public const string LargeFi = "large_fi";

    /// <summary>Whether a qualifying revolving retail exposure is a transactor (true/false; empty = false).</summary>
    public const string QrreTransactor = "qrre_transactor";

    /// <summary>The capital approach: airb (default), firb or sa.</summary>
    public const string Approach = "approach";

    /// <summary>The collateral type: cash, financial, receivables, residential_real_estate, commercial_real_estate, other_physical; empty = none.</summary>
    public const string CollateralType = "collateral_type";

    /// <summary>The collateral's current value, in currency.</summary>
    public const string CollateralValue = "collateral_value";

    /// <summary>The haircut of financial collateral, a fraction in [0, 1].</summary>
    public const string CollateralHaircut = "collateral_haircut";

    /// <summary>The rank of the claim: senior (default) or subordinated.</summary>
    public const string Seniority = "seniority";

    /// <summary>The guarantor's one-year PD, in (0, 1).</summary>
    public const string GuarantorPd = "guarantor_pd";

    /// <summary>The guarantor's asset class (an asset_class label).</summary>
    public const string GuarantorClass = "guarantor_class";

    /// <summary>The guaranteed amount, in currency, at most the EAD.</summary>
    public const string GuaranteedAmount = "guaranteed_amount";

    /// <summary>The external rating (S&amp;P/Fitch scale, e.g. AA-); empty = unrated.</summary>
    public const string Rating = "rating";

    /// <summary>The SCRA grade of an unrated bank: A, B or C.</summary>
    public const string ScraGrade = "scra_grade";

    /// <summary>The loan-to-value ratio of a residential mortgage, a fraction.</summary>
    public const string Ltv = "ltv";

    /// <summary>Specific (eligible) provisions held against the loan, in currency.</summary>
    public const string Provision = "provision";

    /// <summary>The Basel III columns, in the order above.</summary>
    public static IReadOnlyList<string> RegulatoryColumnNames { get; } =
        [LargeFi, QrreTransactor, Approach, CollateralType, CollateralValue, CollateralHaircut, Seniority, GuarantorPd, GuarantorClass,
         GuaranteedAmount, Rating, ScraGrade, Ltv, Provision];

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
